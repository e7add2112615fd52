import { sqlLiteral, type Store } from '../../adapters/store/index.js';
import { isoTime } from '../queries/row-values.js';
import type { AlertRuleView } from './alert-rules-schemas.js';

export interface StoredAlertRule extends Omit<AlertRuleView, 'updatedAt'> {
  /** Store form 'YYYY-MM-DD hh:mm:ss'. */
  readonly updatedAt: string;
  readonly deleted: boolean;
}

interface AlertRuleRow {
  rule_id: string;
  name: string;
  model_selector: string;
  family: string;
  metric: string;
  subject: string;
  condition: string;
  threshold: number | string;
  for_windows: number | string;
  severity: string;
  enabled: number | string;
  deleted: number | string;
  updated_by: string;
  updated_at: string;
  seq: string | number;
}

function fromRow(row: AlertRuleRow): StoredAlertRule {
  return {
    ruleId: row.rule_id,
    name: row.name,
    modelSelector: row.model_selector,
    family: row.family,
    metric: row.metric,
    subject: row.subject,
    condition: row.condition as StoredAlertRule['condition'],
    threshold: Number(row.threshold),
    forWindows: Number(row.for_windows),
    severity: row.severity as StoredAlertRule['severity'],
    enabled: Number(row.enabled) === 1,
    deleted: Number(row.deleted) === 1,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    seq: Number(row.seq),
  };
}

export function alertRuleView(rule: StoredAlertRule): AlertRuleView {
  const { deleted: _deleted, updatedAt, ...rest } = rule;
  return { ...rest, updatedAt: isoTime(updatedAt) };
}

const COLUMNS = 'rule_id, name, model_selector, family, metric, subject, condition, threshold, for_windows, severity, enabled, deleted, updated_by, updated_at, seq';

/**
 * alert_rules: ReplacingMergeTree(seq) by rule_id. Filters on non-key columns run on the FINAL
 * rows in an outer query: a filter moved before FINAL could surface an older version of a rule.
 */
export class AlertRuleRepository {
  constructor(private readonly store: Store) {}

  async get(ruleId: string): Promise<StoredAlertRule | null> {
    const rows = await this.store.queryRows<AlertRuleRow>(
      `SELECT ${COLUMNS} FROM alert_rules FINAL WHERE rule_id = ${sqlLiteral(ruleId)} ORDER BY seq DESC LIMIT 1`,
    );
    const row = rows[0];
    return row === undefined ? null : fromRow(row);
  }

  /** Live rules after `afterRuleId` in rule id order; selectors: only rules whose selector is one of these. */
  async list(options: { readonly selectors?: readonly string[]; readonly afterRuleId?: string; readonly limit: number }): Promise<StoredAlertRule[]> {
    const where = ['deleted = 0'];
    if (options.selectors !== undefined) where.push(`has(${sqlLiteral(options.selectors)}, model_selector)`);
    if (options.afterRuleId !== undefined) where.push(`rule_id > ${sqlLiteral(options.afterRuleId)}`);
    const rows = await this.store.queryRows<AlertRuleRow>(
      `SELECT ${COLUMNS} FROM (SELECT ${COLUMNS} FROM alert_rules FINAL) WHERE ${where.join(' AND ')} ORDER BY rule_id LIMIT ${sqlLiteral(options.limit)}`,
    );
    return rows.map(fromRow);
  }

  async put(rule: StoredAlertRule): Promise<void> {
    await this.store.insertRows('alert_rules', [
      {
        rule_id: rule.ruleId,
        name: rule.name,
        model_selector: rule.modelSelector,
        family: rule.family,
        metric: rule.metric,
        subject: rule.subject,
        condition: rule.condition,
        threshold: rule.threshold,
        for_windows: rule.forWindows,
        severity: rule.severity,
        enabled: rule.enabled ? 1 : 0,
        deleted: rule.deleted ? 1 : 0,
        updated_by: rule.updatedBy,
        updated_at: rule.updatedAt,
        seq: rule.seq,
      },
    ]);
  }
}
