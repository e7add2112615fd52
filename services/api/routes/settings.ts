import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { changeContextOf } from '../audit/change-context.js';
import { expectedSeqOf, principalToChange, principalToRead } from '../auth/write-access.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { SettingsRepository } from './settings-repository.js';
import { settingsBodySchema, settingsDeleteQuerySchema, settingsParamsSchema, settingsViewSchema } from './settings-schemas.js';
import { SettingsService } from './settings-service.js';

const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

/** Model settings per model and for the fleet '*' (the processor reads them for fairness and labels). */
export function registerSettingsRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const service = new SettingsService(new SettingsRepository(deps.store), new AuditLog(deps.store, deps.clock), deps.clock);
  const tags = ['settings'];

  app.get(
    '/v1/settings/:scope',
    {
      schema: { tags, summary: "Settings in force for a model (its own row, else the fleet '*' row)", security: API_KEY_SECURITY, params: settingsParamsSchema, response: { 200: settingsViewSchema, ...ERRORS } },
    },
    async (request, reply) => {
      principalToRead(request, request.params.scope);
      const settings = await service.effective(request.params.scope);
      void reply.header('etag', `"${settings.seq}"`);
      return settings;
    },
  );

  app.put(
    '/v1/settings/:scope',
    {
      schema: {
        tags,
        summary: "Replace a model's settings (write) or the fleet default '*' (admin)",
        security: API_KEY_SECURITY,
        params: settingsParamsSchema,
        body: settingsBodySchema,
        response: { 200: settingsViewSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { scope } = request.params;
      const principal = principalToChange(request, scope);
      const { expectedSeq, ...change } = request.body;
      const saved = await service.put(scope, { ...change, expectedSeq: expectedSeqOf(request, expectedSeq) }, changeContextOf(request, principal));
      void reply.header('etag', `"${saved.seq}"`);
      return saved;
    },
  );

  app.delete(
    '/v1/settings/:scope',
    {
      schema: {
        tags,
        summary: "Remove a scope's own settings (a model falls back to '*')",
        security: API_KEY_SECURITY,
        params: settingsParamsSchema,
        querystring: settingsDeleteQuerySchema,
        response: { 204: z.null().describe('Removed'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { scope } = request.params;
      const principal = principalToChange(request, scope);
      await service.remove(scope, expectedSeqOf(request, request.query.expectedSeq), changeContextOf(request, principal));
      return reply.status(204).send(null);
    },
  );
  return Promise.resolve();
}
