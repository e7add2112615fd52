import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { changeContextOf } from '../audit/change-context.js';
import { principalWith } from '../auth-hook.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { ApiKeyAdmin } from './api-key-admin.js';
import { ApiKeyRepository, type ApiKeySummary } from './api-key-repository.js';

const scopeSchema = z.enum(['read', 'write', 'admin']);

const keySummarySchema = z
  .object({
    keyId: z.string(),
    name: z.string(),
    scopes: z.array(scopeSchema),
    models: z.array(z.string()).describe('Empty: every model'),
    revoked: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiKey' });

const createBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(scopeSchema).min(1),
  models: z.array(z.string().min(1).max(256)).max(1000).default([]),
});

const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema };

function summary(key: ApiKeySummary) {
  return { keyId: key.keyId, name: key.name, scopes: [...key.scopes], models: [...key.models], revoked: key.revoked, createdBy: key.createdBy, createdAt: `${key.createdAt.replace(' ', 'T')}Z` };
}

/** Key management for admins (the same operations as `npm run api:keys`); the key is shown once. */
export function registerKeysRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const admin = new ApiKeyAdmin(new ApiKeyRepository(deps.store), new AuditLog(deps.store, deps.clock), deps.clock);
  const tags = ['keys'];

  app.get('/v1/keys', { schema: { tags, summary: 'Every API key (never a secret or hash)', security: API_KEY_SECURITY, response: { 200: z.object({ items: z.array(keySummarySchema) }), ...ERRORS } } }, async (request) => {
    principalWith(request, 'admin');
    return { items: (await admin.list()).map(summary) };
  });

  app.post(
    '/v1/keys',
    {
      schema: {
        tags,
        summary: 'Create a key; the response holds the key itself, shown this once',
        security: API_KEY_SECURITY,
        body: createBodySchema,
        response: { 201: keySummarySchema.extend({ key: z.string().describe('vgl_<keyId>_<secret>: store it now, it cannot be shown again') }), ...ERRORS },
      },
    },
    async (request, reply) => {
      const principal = principalWith(request, 'admin');
      const created = await admin.create(request.body, changeContextOf(request, principal));
      return reply.status(201).send({ ...summary(created.summary), key: created.key });
    },
  );

  app.delete(
    '/v1/keys/:keyId',
    { schema: { tags, summary: 'Revoke a key (within seconds on every API instance)', security: API_KEY_SECURITY, params: z.object({ keyId: z.string().min(1).max(64) }), response: { 200: keySummarySchema, ...ERRORS } } },
    async (request) => {
      const principal = principalWith(request, 'admin');
      return summary(await admin.revoke(request.params.keyId, changeContextOf(request, principal)));
    },
  );
  return Promise.resolve();
}
