import type { Store } from '../../adapters/store/index.js';
import type { ThresholdRule } from '../../core/drift/index.js';
import type { StatisticFamily } from '../statistics/window-statistic.js';
import { DEFAULT_SETTINGS_LIMITS, SettingsSnapshot, THRESHOLD_RULES, type ModelSettingsOverride, type SettingsLimits, type ThresholdOverride } from './settings-snapshot.js';

const FAMILIES: readonly StatisticFamily[] = ['drift', 'prediction_drift', 'fairness', 'accuracy', 'quality', 'volume'];

// argMax by seq instead of FINAL + WHERE deleted = 0: 18.16 may move the WHERE to PREWHERE,
// which filters before FINAL collapses versions and would resurrect a deleted override.
const THRESHOLDS_SQL = `SELECT scope, family, metric, argMax(warn, seq) AS warn, argMax(critical, seq) AS critical,
  argMax(rule, seq) AS rule, argMax(deleted, seq) AS deleted
FROM metric_thresholds GROUP BY scope, family, metric ORDER BY scope, family, metric`;

const SETTINGS_SQL = `SELECT scope, argMax(positive_label, seq) AS positive_label, argMax(protected_attributes, seq) AS protected_attributes,
  argMax(privileged_groups, seq) AS privileged_groups, argMax(deleted, seq) AS deleted
FROM model_settings GROUP BY scope ORDER BY scope`;

interface ThresholdRow {
  scope: string;
  family: string;
  metric: string;
  warn: number;
  critical: number;
  rule: string;
  deleted: number | string;
}

interface SettingsRow {
  scope: string;
  positive_label: string;
  protected_attributes: string[];
  privileged_groups: string[];
  deleted: number | string;
}

export interface SettingsLoad {
  readonly snapshot: SettingsSnapshot;
  /** Rows that could not be used (unknown family or rule, malformed 'attribute=group'); left out. */
  readonly rejected: number;
}

function toThreshold(row: ThresholdRow): ThresholdOverride | undefined {
  const family = FAMILIES.find((f) => f === row.family);
  const rule = THRESHOLD_RULES.find((r): r is ThresholdRule => r === row.rule);
  const { warn, critical } = row;
  if (family === undefined || rule === undefined || !Number.isFinite(warn) || !Number.isFinite(critical)) return undefined;
  return { scope: row.scope, family, metric: row.metric, thresholds: { warn, critical, rule } };
}

function toSettings(row: SettingsRow): ModelSettingsOverride | undefined {
  const privilegedGroups: Record<string, string> = {};
  for (const pair of row.privileged_groups) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    privilegedGroups[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    scope: row.scope,
    positiveLabel: row.positive_label === '' ? null : row.positive_label,
    protectedAttributes: [...row.protected_attributes],
    privilegedGroups,
  };
}

/** Reads metric_thresholds and model_settings (latest seq per key, deleted rows dropped) into a snapshot. */
export async function loadSettingsSnapshot(store: Store, limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS): Promise<SettingsLoad> {
  const [thresholdRows, settingsRows] = await Promise.all([store.queryRows<ThresholdRow>(THRESHOLDS_SQL), store.queryRows<SettingsRow>(SETTINGS_SQL)]);
  let rejected = 0;
  const thresholds: ThresholdOverride[] = [];
  for (const row of thresholdRows) {
    if (Number(row.deleted) !== 0) continue;
    const parsed = toThreshold(row);
    if (parsed === undefined) rejected += 1;
    else thresholds.push(parsed);
  }
  const settings: ModelSettingsOverride[] = [];
  for (const row of settingsRows) {
    if (Number(row.deleted) !== 0) continue;
    const parsed = toSettings(row);
    if (parsed === undefined) rejected += 1;
    else settings.push(parsed);
  }
  return { snapshot: new SettingsSnapshot(thresholds, settings, limits), rejected };
}
