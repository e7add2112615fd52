import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { changeContextOf } from '../audit/change-context.js';
import { expectedSeqOf, FLEET_SCOPE, principalToChange, principalToRead } from '../auth/write-access.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { ThresholdRepository } from './thresholds-repository.js';
import {
  effectiveThresholdsQuerySchema,
  effectiveThresholdsSchema,
  thresholdDeleteQuerySchema,
  thresholdOverrideSchema,
  thresholdParamsSchema,
  thresholdPutBodySchema,
} from './thresholds-schemas.js';
import { ThresholdService } from './thresholds-service.js';

const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

/** Thresholds people tune: effective values with their origin, and per-scope overrides. */
export function registerThresholdsRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const service = new ThresholdService(new ThresholdRepository(deps.store), new AuditLog(deps.store, deps.clock), deps.clock);
  const tags = ['thresholds'];

  app.get(
    '/v1/thresholds',
    {
      schema: {
        tags,
        summary: "Effective thresholds of a model: built-in default < fleet '*' < model override, with where each comes from",
        security: API_KEY_SECURITY,
        querystring: effectiveThresholdsQuerySchema,
        response: { 200: effectiveThresholdsSchema, ...ERRORS },
      },
    },
    async (request) => {
      const model = request.query.model ?? FLEET_SCOPE;
      principalToRead(request, model);
      return { model, thresholds: await service.effective(model, request.query.family) };
    },
  );

  app.put(
    '/v1/thresholds/:scope/:family/:metric',
    {
      schema: {
        tags,
        summary: "Set an override for a model (write) or for the fleet '*' (admin); If-Match or expectedSeq for optimistic concurrency",
        security: API_KEY_SECURITY,
        params: thresholdParamsSchema,
        body: thresholdPutBodySchema,
        response: { 200: thresholdOverrideSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { scope, family, metric } = request.params;
      const principal = principalToChange(request, scope);
      const saved = await service.put(
        { scope, family, metric, warn: request.body.warn, critical: request.body.critical, rule: request.body.rule, expectedSeq: expectedSeqOf(request, request.body.expectedSeq) },
        changeContextOf(request, principal),
      );
      void reply.header('etag', `"${saved.seq}"`);
      return saved;
    },
  );

  app.delete(
    '/v1/thresholds/:scope/:family/:metric',
    {
      schema: {
        tags,
        summary: 'Remove an override (the next layer down applies again)',
        security: API_KEY_SECURITY,
        params: thresholdParamsSchema,
        querystring: thresholdDeleteQuerySchema,
        response: { 204: z.null().describe('Removed'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { scope, family, metric } = request.params;
      const principal = principalToChange(request, scope);
      await service.remove(scope, family, metric, expectedSeqOf(request, request.query.expectedSeq), changeContextOf(request, principal));
      return reply.status(204).send(null);
    },
  );
  return Promise.resolve();
}
