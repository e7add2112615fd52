import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { VigilError } from '../../shared/errors.js';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { principalWith } from '../auth-hook.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { decodeCursor, encodeCursor, pageQueryFields, pageSchema } from '../pagination.js';
import { assertModelAccess, hasScope, type Principal } from '../principal.js';

const auditEntrySchema = z
  .object({
    auditId: z.string(),
    at: z.string().describe('When (ISO 8601, millisecond precision)'),
    actor: z.string().describe("'key:<keyId> (<name>)' or 'cli:<os user>'"),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    modelId: z.string().describe("'' when the change is not about one model"),
    before: z.unknown().describe('The entity before the change; null when it did not exist'),
    after: z.unknown().describe('The entity after the change; null when it was deleted'),
    requestId: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const cursorShape = z.object({ t: z.number().int().min(0), id: z.string() });
const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema };
const instant = z.iso.datetime({ offset: true });

/**
 * Admin keys read the whole log; a write key restricted to some models reads the entries of
 * those models (it can see who changed what it is responsible for).
 */
function auditReader(request: FastifyRequest): Principal {
  const principal = principalWith(request, 'write');
  if (!hasScope(principal, 'admin') && principal.models.length === 0) {
    throw new VigilError('FORBIDDEN', 'the audit log needs the "admin" scope (or a write key restricted to models)', { keyId: principal.keyId });
  }
  return principal;
}

/** The audit log: every change made through the API or the CLI, newest first. */
export function registerAuditRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const log = new AuditLog(deps.store, deps.clock);
  const querySchema = z.object({
    model: z.string().min(1).max(256).optional(),
    entityType: z.string().min(1).max(64).optional(),
    entityId: z.string().min(1).max(512).optional(),
    actor: z.string().min(1).max(512).optional().describe('Exact actor or a prefix of it, e.g. key:<keyId>'),
    from: instant.optional().describe('Entries at or after this time'),
    to: instant.optional().describe('Entries before this time'),
    ...pageQueryFields(deps.config.maxPageSize),
  });

  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, when (before and after of every write)',
        security: API_KEY_SECURITY,
        querystring: querySchema,
        response: { 200: pageSchema(auditEntrySchema), ...ERRORS },
      },
    },
    async (request) => {
      const principal = auditReader(request);
      const { model, entityType, entityId, actor, limit, cursor } = request.query;
      if (model !== undefined) assertModelAccess(principal, model);
      // Millisecond precision: audit times are not whole seconds like window bounds.
      const from = request.query.from === undefined ? undefined : new Date(Date.parse(request.query.from));
      const to = request.query.to === undefined ? undefined : new Date(Date.parse(request.query.to));
      const before = cursor === undefined ? undefined : decodeCursor(cursor, cursorShape);
      const records = await log.query({
        ...(model === undefined ? {} : { modelId: model }),
        ...(principal.models.length === 0 ? {} : { modelIn: principal.models }),
        ...(entityType === undefined ? {} : { entityType }),
        ...(entityId === undefined ? {} : { entityId }),
        ...(actor === undefined ? {} : { actor }),
        ...(from === undefined ? {} : { fromMs: from.getTime() }),
        ...(to === undefined ? {} : { toMs: to.getTime() }),
        ...(before === undefined ? {} : { before: { atMs: before.t, auditId: before.id } }),
        limit: limit + 1,
      });
      const page = records.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(({ atMs, ...record }) => ({ ...record, at: new Date(atMs).toISOString() })),
        nextCursor: records.length > limit && last !== undefined ? encodeCursor({ t: last.atMs, id: last.auditId }) : null,
      };
    },
  );
  return Promise.resolve();
}
