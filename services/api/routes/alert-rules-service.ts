import { randomUUID } from 'node:crypto';
import { VigilError } from '../../shared/errors.js';
import type { Clock } from '../api-deps.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ChangeContext } from '../audit/change-context.js';
import { assertExpectedSeq, FLEET_SCOPE } from '../auth/write-access.js';
import { alertRuleView, type AlertRuleRepository, type StoredAlertRule } from './alert-rules-repository.js';
import type { AlertRuleBody, AlertRuleView } from './alert-rules-schemas.js';
import { changeStamp } from './thresholds-repository.js';

/** Status levels a `status_at_least` rule compares with. */
const STATUS_LEVELS = [1, 2];

function validate(body: AlertRuleBody): void {
  if (!Number.isFinite(body.threshold)) throw new VigilError('VALIDATION_FAILED', 'body/threshold: must be finite', { field: 'body/threshold' });
  if (body.condition === 'status_at_least' && !STATUS_LEVELS.includes(body.threshold)) {
    throw new VigilError('VALIDATION_FAILED', 'body/threshold: status_at_least takes 1 (warning) or 2 (critical)', { field: 'body/threshold' });
  }
}

const modelIdOf = (rule: { readonly modelSelector: string }): string => (rule.modelSelector === FLEET_SCOPE ? '' : rule.modelSelector);

/** Alert rule changes, validated and audited. */
export class AlertRuleService {
  constructor(
    private readonly repository: AlertRuleRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get(ruleId: string): Promise<StoredAlertRule> {
    const rule = await this.repository.get(ruleId);
    if (rule === null || rule.deleted) throw new VigilError('NOT_FOUND', `unknown alert rule "${ruleId}"`, { ruleId });
    return rule;
  }

  async create(body: AlertRuleBody, context: ChangeContext): Promise<AlertRuleView> {
    validate(body);
    return this.#save(randomUUID(), body, null, context, 'alert_rule.create');
  }

  async replace(previous: StoredAlertRule, body: AlertRuleBody, expectedSeq: number | undefined, context: ChangeContext): Promise<AlertRuleView> {
    validate(body);
    assertExpectedSeq(expectedSeq, previous.seq);
    return this.#save(previous.ruleId, body, previous, context, 'alert_rule.update');
  }

  async remove(previous: StoredAlertRule, expectedSeq: number | undefined, context: ChangeContext): Promise<void> {
    assertExpectedSeq(expectedSeq, previous.seq);
    await this.repository.put({ ...previous, deleted: true, updatedBy: context.actor, ...changeStamp(this.clock(), previous.seq) });
    await this.audit.record({
      ...context,
      action: 'alert_rule.delete',
      entityType: 'alert_rule',
      entityId: previous.ruleId,
      modelId: modelIdOf(previous),
      before: alertRuleView(previous),
      after: null,
    });
  }

  async #save(ruleId: string, body: AlertRuleBody, previous: StoredAlertRule | null, context: ChangeContext, action: string): Promise<AlertRuleView> {
    const { expectedSeq: _expected, ...fields } = body;
    const stored: StoredAlertRule = { ruleId, ...fields, deleted: false, updatedBy: context.actor, ...changeStamp(this.clock(), previous?.seq) };
    await this.repository.put(stored);
    const after = alertRuleView(stored);
    await this.audit.record({
      ...context,
      action,
      entityType: 'alert_rule',
      entityId: ruleId,
      modelId: modelIdOf(stored),
      before: previous === null ? null : alertRuleView(previous),
      after,
    });
    return after;
  }
}
