import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { buildSeries } from '../queries/build-series.js';
import { resolveVersion } from '../queries/model-version.js';
import { statisticsBetween } from '../queries/statistic-rows.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { familySchema, modelParamsSchema, spanSchema, versionQueryField } from '../schemas/common.js';
import { seriesSchema } from '../schemas/series.js';
import { resolveTimeRange, timeRangeFields } from '../time-range.js';
import { VigilError } from '../../shared/errors.js';

/** Rows one series request may read; a wider request must name a metric or narrow the range. */
export const MAX_SERIES_ROWS = 50_000;

export const seriesResponseSchema = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  from: z.string(),
  to: z.string(),
  series: z.array(seriesSchema),
});

/** GET /v1/models/:modelId/series: any statistic over time with its thresholds and rolling values. */
export function registerSeriesRoutes(app: ApiApp, context: ReadContext): void {
  app.get(
    '/v1/models/:modelId/series',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Time series per (family, subject, metric) with warn/critical thresholds and the 3-day and 7-day values',
        security: API_KEY_SECURITY,
        params: modelParamsSchema,
        querystring: z.object({
          family: familySchema,
          metric: z.string().min(1).max(128).optional().describe('Default: every metric of the family'),
          subject: z.string().max(512).optional().describe("Feature, 'attribute=group', class, or '' for model-level; default: every subject"),
          version: versionQueryField,
          span: spanSchema.default('window').describe('Which rows are the points; the other spans ride alongside'),
          ...timeRangeFields,
        }),
        response: { 200: seriesResponseSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) =>
      cachedRead(context, request, reply, async (principal) => {
        const model = await context.model(principal, request.params.modelId);
        const version = resolveVersion(model, request.query.version);
        const range = resolveTimeRange(request.query, context.deps.clock());
        const { family, metric, subject, span } = request.query;
        const rows = await statisticsBetween(
          context.deps.store,
          { modelId: model.modelId, modelVersion: version.modelVersion, family, metric, subject, ...range },
          MAX_SERIES_ROWS + 1,
        );
        if (rows.length > MAX_SERIES_ROWS) {
          throw new VigilError('VALIDATION_FAILED', 'querystring/from: too many points; name a metric or subject, or narrow from/to', { field: 'querystring/from' });
        }
        return {
          modelId: model.modelId,
          modelVersion: version.modelVersion,
          from: range.from.toISOString(),
          to: range.to.toISOString(),
          series: buildSeries(rows, span, version.modelVersion),
        };
      }),
  );
}
