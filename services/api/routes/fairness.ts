import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { resolveVersion } from '../queries/model-version.js';
import { familyFilter, windowSubjects, type SubjectStatistics } from '../queries/window-subjects.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { modelParamsSchema, statisticSchema, statusSchema, versionQueryField } from '../schemas/common.js';
import { windowHeaderFields, windowQueryFields } from '../schemas/window.js';
import { resolveInstant } from '../time-range.js';

/** The four-fifths rule (29 CFR §1607.4(D)): a selection-rate ratio below 0.8 is adverse impact. */
export const FOUR_FIFTHS = 0.8;

const groupSchema = z.object({
  group: z.string(),
  status: statusSchema,
  fourFifthsViolation: z.boolean().nullable().describe('disparate_impact < 0.8; null when it is undefined'),
  metrics: z.record(z.string(), statisticSchema),
});

const attributeSchema = z.object({
  attribute: z.string(),
  metrics: z.record(z.string(), statisticSchema).describe("Attribute-level rows (subject 'attribute'), e.g. equalized odds"),
  groups: z.array(groupSchema),
});

export const fairnessResponseSchema = z.object({ ...windowHeaderFields, summary: z.record(z.string(), statisticSchema), attributes: z.array(attributeSchema) });

export type FairnessAttribute = z.infer<typeof attributeSchema>;

/** Subjects 'attribute=group' become groups of their attribute; 'attribute' rows its own metrics. */
export function groupByAttribute(subjects: readonly SubjectStatistics[]): FairnessAttribute[] {
  const attributes = new Map<string, FairnessAttribute>();
  const attributeOf = (name: string): FairnessAttribute => {
    let found = attributes.get(name);
    if (found === undefined) attributes.set(name, (found = { attribute: name, metrics: {}, groups: [] }));
    return found;
  };
  for (const subject of subjects) {
    if (subject.subject === '') continue;
    const split = subject.subject.indexOf('=');
    if (split < 0) {
      Object.assign(attributeOf(subject.subject).metrics, subject.metrics);
      continue;
    }
    const impact = subject.metrics['disparate_impact']?.value ?? null;
    attributeOf(subject.subject.slice(0, split)).groups.push({
      group: subject.subject.slice(split + 1),
      status: subject.status,
      fourFifthsViolation: impact === null ? null : impact < FOUR_FIFTHS,
      metrics: subject.metrics,
    });
  }
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  for (const attribute of attributes.values()) attribute.groups.sort((a, b) => byName(a.group, b.group));
  return [...attributes.values()].sort((a, b) => byName(a.attribute, b.attribute));
}

/** GET /v1/models/:modelId/fairness: every protected attribute and group of one window. */
export function registerFairnessRoutes(app: ApiApp, context: ReadContext): void {
  app.get(
    '/v1/models/:modelId/fairness',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Fairness by protected attribute and group, with the four-fifths flag',
        security: API_KEY_SECURITY,
        params: modelParamsSchema,
        querystring: z.object({ version: versionQueryField, ...windowQueryFields }),
        response: {
          200: fairnessResponseSchema,
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) =>
      cachedRead(context, request, reply, async (principal) => {
        const model = await context.model(principal, request.params.modelId);
        const version = resolveVersion(model, request.query.version);
        const { span } = request.query;
        const windowEnd = resolveInstant('windowEnd', request.query.windowEnd);
        const window = await windowSubjects(context.deps.store, familyFilter(model.modelId, version.modelVersion, ['fairness'], span), windowEnd);
        return {
          modelId: model.modelId,
          modelVersion: version.modelVersion,
          span,
          windowStart: window.windowStart,
          windowEnd: window.windowEnd,
          referenceId: window.referenceId,
          summary: window.subjects.find((s) => s.subject === '')?.metrics ?? {},
          attributes: groupByAttribute(window.subjects),
        };
      }),
  );
}
