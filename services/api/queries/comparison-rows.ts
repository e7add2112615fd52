import { sql } from '../../adapters/store/sql-template.js';
import type { Store } from '../../adapters/store/store.js';
import type { Span } from '../schemas/common.js';
import { count, isoTime, nullableNumber } from './row-values.js';

interface ComparisonRow {
  champion_version: string; other_version: string; other_role: string; window_start: string; window_end: string; metric: string;
  champion_value: unknown; other_value: unknown; delta: unknown; ci_low: unknown; ci_high: unknown; significant: number | string; sample_size: string;
}

export interface VersionComparison {
  championVersion: string;
  otherVersion: string;
  otherRole: string;
  windowStart: string;
  windowEnd: string;
  metrics: {
    metric: string; championValue: number | null; otherValue: number | null; delta: number | null;
    ciLow: number | null; ciHigh: number | null; significant: boolean; sampleSize: number;
  }[];
}

/**
 * For each (champion, other version, role) pair, its comparison rows in the latest window
 * (or the window ending at `windowEnd`).
 */
export async function loadComparisons(store: Store, modelId: string, span: Span, windowEnd: Date | undefined): Promise<VersionComparison[]> {
  const base = sql`model_id = ${modelId} AND span = ${span}`;
  const latest = windowEnd === undefined
    ? `(champion_version, other_version, other_role, window_end) IN (SELECT champion_version, other_version, other_role, max(window_end) FROM version_comparisons WHERE ${base} GROUP BY champion_version, other_version, other_role)`
    : sql`window_end = ${windowEnd}`;
  const rows = await store.queryRows<ComparisonRow>(
    `SELECT champion_version, other_version, other_role, window_start, window_end, metric, champion_value, other_value, delta, ci_low, ci_high, significant, sample_size FROM version_comparisons FINAL WHERE ${base} AND ${latest} ORDER BY champion_version, other_version, other_role, metric`,
  );
  const pairs = new Map<string, VersionComparison>();
  for (const row of rows) {
    const key = JSON.stringify([row.champion_version, row.other_version, row.other_role]);
    let pair = pairs.get(key);
    if (pair === undefined) {
      pairs.set(key, (pair = {
        championVersion: row.champion_version, otherVersion: row.other_version, otherRole: row.other_role,
        windowStart: isoTime(row.window_start), windowEnd: isoTime(row.window_end), metrics: [],
      }));
    }
    pair.metrics.push({
      metric: row.metric,
      championValue: nullableNumber(row.champion_value),
      otherValue: nullableNumber(row.other_value),
      delta: nullableNumber(row.delta),
      ciLow: nullableNumber(row.ci_low),
      ciHigh: nullableNumber(row.ci_high),
      significant: Number(row.significant) === 1,
      sampleSize: count(row.sample_size),
    });
  }
  return [...pairs.values()];
}
