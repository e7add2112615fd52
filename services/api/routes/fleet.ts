import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { pageQueryFields, pageSchema } from '../pagination.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { modelParamsSchema, modelStateSchema } from '../schemas/common.js';
import { modelSummarySchema } from '../schemas/model-summary.js';
import { DEFAULT_ORDER, FLEET_SORTS, fleetPage } from './fleet-order.js';

export const fleetPageSchema = pageSchema(modelSummarySchema);

/** GET /v1/models (fleet overview) and GET /v1/models/:modelId (one model's summary). */
export function registerFleetRoutes(app: ApiApp, context: ReadContext): void {
  const querystring = z.object({
    state: modelStateSchema.optional().describe('Only models in this state'),
    role: z.string().min(1).max(64).optional().describe('Only models with a version in this role'),
    search: z.string().min(1).max(256).optional().describe('Only model ids containing this text (case-insensitive)'),
    sort: z.enum(FLEET_SORTS).default('state'),
    order: z.enum(['asc', 'desc']).optional().describe('Default: worst / newest / busiest first, ids A→Z'),
    ...pageQueryFields(context.deps.config.maxPageSize),
  });

  app.get(
    '/v1/models',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Fleet overview: every model with its state, worst metric, volume and versions',
        security: API_KEY_SECURITY,
        querystring,
        response: { 200: fleetPageSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      cachedRead(context, request, reply, async (principal) => {
        const { state, role, search, sort, order, limit, cursor } = request.query;
        const needle = search?.toLowerCase();
        const models = (await context.visibleFleet(principal)).filter(
          (model) =>
            (state === undefined || model.state === state) &&
            (role === undefined || model.versions.some((version) => version.role === role)) &&
            (needle === undefined || model.modelId.toLowerCase().includes(needle)),
        );
        return fleetPage(models, sort, order ?? DEFAULT_ORDER[sort], limit, cursor);
      }),
  );

  app.get(
    '/v1/models/:modelId',
    {
      schema: {
        tags: ['fleet'],
        summary: 'One model: state, worst metric, volume and every version with its role and latest window',
        security: API_KEY_SECURITY,
        params: modelParamsSchema,
        response: { 200: modelSummarySchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => cachedRead(context, request, reply, (principal) => context.model(principal, request.params.modelId)),
  );
}
