import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { decodeCursor, encodeCursor, pageQueryFields } from '../pagination.js';
import { resolveVersion } from '../queries/model-version.js';
import { familyFilter, windowSubjects, type SubjectStatistics } from '../queries/window-subjects.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { modelParamsSchema, statisticSchema, type Family, versionQueryField } from '../schemas/common.js';
import { subjectStatisticsSchema, windowHeaderFields, windowQueryFields } from '../schemas/window.js';
import { resolveInstant } from '../time-range.js';

export interface RankedRoute {
  readonly url: string;
  readonly family: Family;
  readonly summary: string;
  readonly defaultMetric: string;
  readonly subjectName: string;
}

/** Drift by feature, prediction drift and data quality share one shape: subjects ranked by a metric. */
export const RANKED_ROUTES: readonly RankedRoute[] = [
  { url: '/v1/models/:modelId/drift', family: 'drift', summary: 'Feature drift in one window, features ranked by the chosen metric', defaultMetric: 'psi', subjectName: 'feature' },
  { url: '/v1/models/:modelId/prediction-drift', family: 'prediction_drift', summary: 'Drift of the scores / predicted values and predicted classes in one window', defaultMetric: 'psi', subjectName: 'output' },
  { url: '/v1/models/:modelId/quality', family: 'quality', summary: 'Data quality per feature in one window (missing rate, type errors, out of range, new categories)', defaultMetric: 'missing_rate', subjectName: 'feature' },
];

/** Highest value first; subjects without the metric (or with no value) after, by name. */
export function rankSubjects(subjects: readonly SubjectStatistics[], metric: string): SubjectStatistics[] {
  const valueOf = (s: SubjectStatistics): number | null => s.metrics[metric]?.value ?? null;
  return [...subjects].sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va !== null && vb !== null && va !== vb) return vb - va;
    if ((va === null) !== (vb === null)) return va === null ? 1 : -1;
    return a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0;
  });
}

export const rankedResponseSchema = z.object({
  ...windowHeaderFields,
  rankedBy: z.string(),
  summary: z.record(z.string(), statisticSchema).describe("Model-level rows (subject '')"),
  items: z.array(subjectStatisticsSchema),
  nextCursor: z.string().nullable(),
});

const cursorShape = z.object({ w: z.string(), m: z.string(), o: z.number().int().min(0) });

export function registerRankedSubjectRoutes(app: ApiApp, context: ReadContext): void {
  for (const route of RANKED_ROUTES) {
    app.get(
      route.url,
      {
        schema: {
          tags: ['statistics'],
          summary: route.summary,
          description: `Model-level rows (subject '') are in \`summary\`; every other ${route.subjectName} is in \`items\`, ranked.`,
          security: API_KEY_SECURITY,
          params: modelParamsSchema,
          querystring: z.object({
            version: versionQueryField,
            metric: z.string().min(1).max(128).default(route.defaultMetric).describe('The metric to rank by'),
            ...windowQueryFields,
            ...pageQueryFields(context.deps.config.maxPageSize),
          }),
          response: {
            200: rankedResponseSchema,
            ...errorResponses(400, 401, 403, 404, 429),
          },
        },
      },
      async (request, reply) =>
        cachedRead(context, request, reply, async (principal) => {
          const model = await context.model(principal, request.params.modelId);
          const version = resolveVersion(model, request.query.version);
          const { metric, span, limit } = request.query;
          // A cursor pins the window of its first page, so paging never mixes two windows.
          const cursor = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, cursorShape.refine((c) => c.m === metric));
          const windowEnd = resolveInstant('windowEnd', cursor?.w ?? request.query.windowEnd);
          const window = await windowSubjects(context.deps.store, familyFilter(model.modelId, version.modelVersion, [route.family], span), windowEnd);
          const ranked = rankSubjects(window.subjects.filter((s) => s.subject !== ''), metric);
          const offset = cursor?.o ?? 0;
          const items = ranked.slice(offset, offset + limit);
          const more = offset + limit < ranked.length;
          return {
            modelId: model.modelId,
            modelVersion: version.modelVersion,
            span,
            windowStart: window.windowStart,
            windowEnd: window.windowEnd,
            referenceId: window.referenceId,
            rankedBy: metric,
            summary: window.subjects.find((s) => s.subject === '')?.metrics ?? {},
            items,
            nextCursor: more ? encodeCursor({ w: window.windowEnd, m: metric, o: offset + limit }) : null,
          };
        }),
    );
  }
}
