import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { buildSeries } from '../queries/build-series.js';
import { resolveVersion } from '../queries/model-version.js';
import { statisticsBetween } from '../queries/statistic-rows.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { modelParamsSchema, spanSchema, versionQueryField } from '../schemas/common.js';
import { seriesSchema } from '../schemas/series.js';
import { resolveTimeRange, timeRangeFields } from '../time-range.js';
import { MAX_SERIES_ROWS } from './series.js';

/** Label delay quantiles are stored as metrics named label_delay_… (model-level subject ''). */
const LABEL_DELAY_PREFIX = 'label_delay';

export const accuracyResponseSchema = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  from: z.string(),
  to: z.string(),
  accuracy: z.array(seriesSchema),
  labelDelay: z.array(seriesSchema).describe('Metrics named label_delay_… (quantiles of the delay between prediction and label)'),
});

/** GET /v1/models/:modelId/accuracy: accuracy metrics over time and the label delay. */
export function registerAccuracyRoutes(app: ApiApp, context: ReadContext): void {
  app.get(
    '/v1/models/:modelId/accuracy',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Accuracy over time (label windows) and label delay quantiles',
        security: API_KEY_SECURITY,
        params: modelParamsSchema,
        querystring: z.object({
          version: versionQueryField,
          subject: z.string().max(512).default('').describe("'' = the whole model, else a class label (per-class metrics)"),
          span: spanSchema.default('window'),
          ...timeRangeFields,
        }),
        response: {
          200: accuracyResponseSchema,
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) =>
      cachedRead(context, request, reply, async (principal) => {
        const model = await context.model(principal, request.params.modelId);
        const version = resolveVersion(model, request.query.version);
        const range = resolveTimeRange(request.query, context.deps.clock());
        const base = { modelId: model.modelId, modelVersion: version.modelVersion, ...range };
        const [accuracy, labelDelay] = await Promise.all([
          statisticsBetween(context.deps.store, { ...base, family: 'accuracy', subject: request.query.subject, excludeMetricPrefix: LABEL_DELAY_PREFIX }, MAX_SERIES_ROWS),
          statisticsBetween(context.deps.store, { ...base, subject: '', metricPrefix: LABEL_DELAY_PREFIX }, MAX_SERIES_ROWS),
        ]);
        return {
          modelId: model.modelId,
          modelVersion: version.modelVersion,
          from: range.from.toISOString(),
          to: range.to.toISOString(),
          accuracy: buildSeries(accuracy, request.query.span, version.modelVersion),
          labelDelay: buildSeries(labelDelay, request.query.span, version.modelVersion),
        };
      }),
  );
}
