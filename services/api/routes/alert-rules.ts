import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { changeContextOf } from '../audit/change-context.js';
import { principalWith } from '../auth-hook.js';
import { expectedSeqOf, FLEET_SCOPE, principalToChange } from '../auth/write-access.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { assertModelAccess, mayAccessModel, type Principal } from '../principal.js';
import { alertRuleView, AlertRuleRepository, type StoredAlertRule } from './alert-rules-repository.js';
import {
  alertRuleBodySchema,
  alertRuleDeleteQuerySchema,
  alertRuleListQuerySchema,
  alertRulePageSchema,
  alertRuleParamsSchema,
  alertRuleSchema,
} from './alert-rules-schemas.js';
import { AlertRuleService } from './alert-rules-service.js';

const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };
const cursorShape = z.object({ after: z.string() });

/** A restricted key sees the fleet rules and those of its models only. */
function visibleTo(principal: Principal, selector: string): boolean {
  return selector === FLEET_SCOPE || mayAccessModel(principal, selector);
}

/** CRUD of alert rules (evaluated into the anomaly topic). */
export function registerAlertRulesRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const repository = new AlertRuleRepository(deps.store);
  const service = new AlertRuleService(repository, new AuditLog(deps.store, deps.clock), deps.clock);
  const tags = ['alert rules'];

  async function visibleRule(ruleId: string, principal: Principal): Promise<StoredAlertRule> {
    const rule = await service.get(ruleId);
    // Same answer as for a rule that does not exist: a restricted key learns nothing about others.
    if (!visibleTo(principal, rule.modelSelector)) assertModelAccess(principal, rule.modelSelector);
    return rule;
  }

  app.get(
    '/v1/alert-rules',
    {
      schema: { tags, summary: 'List alert rules (rule id order)', security: API_KEY_SECURITY, querystring: alertRuleListQuerySchema(deps.config.maxPageSize), response: { 200: alertRulePageSchema, ...ERRORS } },
    },
    async (request) => {
      const principal = principalWith(request, 'read');
      const { model, limit, cursor } = request.query;
      if (model !== undefined) assertModelAccess(principal, model);
      const selectors = model !== undefined ? [FLEET_SCOPE, model] : principal.models.length > 0 ? [FLEET_SCOPE, ...principal.models] : undefined;
      const after = cursor === undefined ? undefined : decodeCursor(cursor, cursorShape).after;
      const rows = await repository.list({ ...(selectors === undefined ? {} : { selectors }), ...(after === undefined ? {} : { afterRuleId: after }), limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(alertRuleView), nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ after: last.ruleId }) : null };
    },
  );

  app.get(
    '/v1/alert-rules/:ruleId',
    { schema: { tags, summary: 'One alert rule', security: API_KEY_SECURITY, params: alertRuleParamsSchema, response: { 200: alertRuleSchema, ...ERRORS } } },
    async (request) => alertRuleView(await visibleRule(request.params.ruleId, principalWith(request, 'read'))),
  );

  app.post(
    '/v1/alert-rules',
    {
      schema: { tags, summary: "Create a rule for a model (write) or for every model '*' (admin)", security: API_KEY_SECURITY, body: alertRuleBodySchema, response: { 201: alertRuleSchema, ...ERRORS } },
    },
    async (request, reply) => {
      const principal = principalToChange(request, request.body.modelSelector);
      const created = await service.create(request.body, changeContextOf(request, principal));
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/v1/alert-rules/:ruleId',
    {
      schema: { tags, summary: 'Replace a rule; If-Match or expectedSeq for optimistic concurrency', security: API_KEY_SECURITY, params: alertRuleParamsSchema, body: alertRuleBodySchema, response: { 200: alertRuleSchema, ...ERRORS } },
    },
    async (request, reply) => {
      const previous = await visibleRule(request.params.ruleId, principalWith(request, 'read'));
      // Moving a rule needs the right to change it where it was and where it goes.
      principalToChange(request, previous.modelSelector);
      const principal = principalToChange(request, request.body.modelSelector);
      const saved = await service.replace(previous, request.body, expectedSeqOf(request, request.body.expectedSeq), changeContextOf(request, principal));
      void reply.header('etag', `"${saved.seq}"`);
      return saved;
    },
  );

  app.delete(
    '/v1/alert-rules/:ruleId',
    {
      schema: { tags, summary: 'Delete a rule', security: API_KEY_SECURITY, params: alertRuleParamsSchema, querystring: alertRuleDeleteQuerySchema, response: { 204: z.null().describe('Deleted'), ...ERRORS } },
    },
    async (request, reply) => {
      const previous = await visibleRule(request.params.ruleId, principalWith(request, 'read'));
      const principal = principalToChange(request, previous.modelSelector);
      await service.remove(previous, expectedSeqOf(request, request.query.expectedSeq), changeContextOf(request, principal));
      return reply.status(204).send(null);
    },
  );
  return Promise.resolve();
}
