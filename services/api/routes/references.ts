import { sqlLiteral, type Store } from '../../adapters/store/index.js';
import {
  decodeReferenceProfileFile,
  pinFromRange,
  referenceAssignedAudit,
  referenceCreatedAudit,
  ReferenceRepository,
  storeUploadedReference,
  type AssignmentChange,
  type ReferenceMetadata,
} from '../../references/index.js';
import { VigilError } from '../../shared/errors.js';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { changeContextOf, type ChangeContext } from '../audit/change-context.js';
import { principalWith } from '../auth-hook.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { assertModelAccess } from '../principal.js';
import {
  assignBodySchema,
  assignmentSchema,
  pinBodySchema,
  referenceChangeSchema,
  referenceListSchema,
  referenceParamsSchema,
  uploadBodySchema,
  uploadQuerySchema,
} from './references-schemas.js';
import { assignmentView, currentView, referenceView } from './references-views.js';

const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 429: errorBodySchema };

/** A model is known once the processor saw it (models) or a reference was stored for it. */
async function assertKnownModel(store: Store, modelId: string): Promise<void> {
  for (const table of ['models', 'reference_profiles']) {
    const rows = await store.queryRows(`SELECT 1 AS known FROM ${table} WHERE model_id = ${sqlLiteral(modelId)} LIMIT 1`);
    if (rows.length > 0) return;
  }
  throw new VigilError('NOT_FOUND', `unknown model "${modelId}"`, { modelId });
}

/** Records the new reference and, when it became current, the assignment: both in this request. */
async function auditChange(audit: AuditLog, reference: ReferenceMetadata | null, assignment: AssignmentChange | null, context: ChangeContext): Promise<void> {
  if (reference !== null) await audit.record(referenceCreatedAudit(reference, context.actor, context.requestId));
  if (assignment !== null) await audit.record(referenceAssignedAudit(assignment, context.actor, context.requestId));
}

/** Reference profiles of a model: list, pin a time range, upload a built profile, choose the current one. */
export function registerReferencesRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const repository = new ReferenceRepository(deps.store);
  const audit = new AuditLog(deps.store, deps.clock);
  const tags = ['references'];

  app.get(
    '/v1/models/:modelId/references',
    { schema: { tags, summary: "A model's references (newest first) and the current one", security: API_KEY_SECURITY, params: referenceParamsSchema, response: { 200: referenceListSchema, ...ERRORS } } },
    async (request) => {
      const { modelId } = request.params;
      assertModelAccess(principalWith(request, 'read'), modelId);
      await assertKnownModel(deps.store, modelId);
      const [items, current] = await Promise.all([repository.list(modelId), repository.currentAssignment(modelId)]);
      return { modelId, current: currentView(current), items: items.map(referenceView) };
    },
  );

  app.post(
    '/v1/models/:modelId/references/pin',
    {
      schema: { tags, summary: "Pin the model's own traffic in [start, end] as a reference", security: API_KEY_SECURITY, params: referenceParamsSchema, body: pinBodySchema, response: { 201: referenceChangeSchema, ...ERRORS } },
    },
    async (request, reply) => {
      const { modelId } = request.params;
      const principal = principalWith(request, 'write');
      assertModelAccess(principal, modelId);
      await assertKnownModel(deps.store, modelId);
      const context = changeContextOf(request, principal);
      const { start, end, activate, description, modelVersion } = request.body;
      const pinned = await pinFromRange(deps.store, modelId, Date.parse(start), Date.parse(end), context.actor, {
        atMs: Math.trunc(deps.clock()),
        assign: activate,
        ...(description === undefined ? {} : { description }),
        ...(modelVersion === undefined ? {} : { filter: { modelVersion } }),
      });
      await auditChange(audit, pinned.reference, pinned.assignment, context);
      return reply.status(201).send({ reference: referenceView(pinned.reference), current: currentView(pinned.assignment?.assignment), windows: pinned.windows });
    },
  );

  app.post(
    '/v1/models/:modelId/references',
    {
      schema: {
        tags,
        summary: 'Upload a profile file written by `npm run reference:build -- --output f.json`',
        security: API_KEY_SECURITY,
        params: referenceParamsSchema,
        querystring: uploadQuerySchema,
        body: uploadBodySchema,
        response: { 201: referenceChangeSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { modelId } = request.params;
      const principal = principalWith(request, 'write');
      assertModelAccess(principal, modelId);
      const context = changeContextOf(request, principal);
      const uploaded = await storeUploadedReference(deps.store, modelId, decodeReferenceProfileFile(request.body), context.actor, {
        atMs: Math.trunc(deps.clock()),
        assign: request.query.activate,
      });
      await auditChange(audit, uploaded.reference, uploaded.assignment, context);
      return reply.status(201).send({ reference: referenceView(uploaded.reference), current: currentView(uploaded.assignment?.assignment) });
    },
  );

  app.put(
    '/v1/models/:modelId/references/current',
    {
      schema: { tags, summary: "Make a stored reference the model's current one", security: API_KEY_SECURITY, params: referenceParamsSchema, body: assignBodySchema, response: { 200: assignmentSchema, ...ERRORS } },
    },
    async (request) => {
      const { modelId } = request.params;
      const principal = principalWith(request, 'write');
      assertModelAccess(principal, modelId);
      await assertKnownModel(deps.store, modelId);
      const context = changeContextOf(request, principal);
      const change = await repository.assign(modelId, request.body.referenceId, context.actor, Math.trunc(deps.clock()));
      await auditChange(audit, null, change, context);
      return assignmentView(change.assignment);
    },
  );
  return Promise.resolve();
}
