import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { loadComparisons } from '../queries/comparison-rows.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { isoTimeSchema, modelParamsSchema, spanSchema } from '../schemas/common.js';
import { windowQueryFields } from '../schemas/window.js';
import { resolveInstant } from '../time-range.js';

const comparisonSchema = z.object({
  championVersion: z.string(),
  otherVersion: z.string(),
  otherRole: z.string().describe('challenger, shadow or canary'),
  windowStart: isoTimeSchema,
  windowEnd: isoTimeSchema,
  metrics: z.array(
    z.object({
      metric: z.string(),
      championValue: z.number().nullable(),
      otherValue: z.number().nullable(),
      delta: z.number().nullable().describe('other − champion'),
      ciLow: z.number().nullable().describe('Lower bound of the delta interval'),
      ciHigh: z.number().nullable(),
      significant: z.boolean(),
      sampleSize: z.number().int().describe('Requests both versions scored'),
    }),
  ),
});

export const comparisonsResponseSchema = z.object({ modelId: z.string(), span: spanSchema, comparisons: z.array(comparisonSchema) });

/** GET /v1/models/:modelId/comparisons: champion against every challenger, shadow and canary. */
export function registerComparisonRoutes(app: ApiApp, context: ReadContext): void {
  app.get(
    '/v1/models/:modelId/comparisons',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Champion vs challenger / shadow / canary side by side: deltas, intervals, significance',
        security: API_KEY_SECURITY,
        params: modelParamsSchema,
        querystring: z.object(windowQueryFields),
        response: {
          200: comparisonsResponseSchema,
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) =>
      cachedRead(context, request, reply, async (principal) => {
        const model = await context.model(principal, request.params.modelId);
        const windowEnd = resolveInstant('windowEnd', request.query.windowEnd);
        const comparisons = await loadComparisons(context.deps.store, model.modelId, request.query.span, windowEnd);
        return { modelId: model.modelId, span: request.query.span, comparisons };
      }),
  );
}
