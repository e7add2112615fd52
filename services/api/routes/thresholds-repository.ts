import type { ThresholdRule } from '../../core/drift/metric-value.js';
import { formatDateTimeUtc, sqlLiteral, type Store } from '../../adapters/store/index.js';

/** One override row (latest version). scope: '*' or a model id. */
export interface ThresholdOverride {
  readonly scope: string;
  readonly family: string;
  readonly metric: string;
  readonly warn: number;
  readonly critical: number;
  readonly rule: ThresholdRule;
  readonly deleted: boolean;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly seq: number;
}

interface ThresholdRow {
  scope: string;
  family: string;
  metric: string;
  warn: number | string;
  critical: number | string;
  rule: string;
  deleted: number | string;
  updated_by: string;
  updated_at: string;
  seq: string | number;
}

function fromRow(row: ThresholdRow): ThresholdOverride {
  return {
    scope: row.scope,
    family: row.family,
    metric: row.metric,
    warn: Number(row.warn),
    critical: Number(row.critical),
    rule: row.rule as ThresholdRule,
    deleted: Number(row.deleted) === 1,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    seq: Number(row.seq),
  };
}

/** metric_thresholds: ReplacingMergeTree(seq); the highest seq per (scope, family, metric) wins. */
export class ThresholdRepository {
  constructor(private readonly store: Store) {}

  /** Latest version of every override of these scopes, deleted ones included (callers decide). */
  async latest(scopes: readonly string[]): Promise<ThresholdOverride[]> {
    const rows = await this.store.queryRows<ThresholdRow>(
      `SELECT scope, family, metric, warn, critical, rule, deleted, updated_by, updated_at, seq FROM metric_thresholds FINAL ` +
        `WHERE has(${sqlLiteral(scopes)}, scope)`,
    );
    const latest = new Map<string, ThresholdOverride>();
    for (const override of rows.map(fromRow)) {
      const key = `${override.scope}\u0000${override.family}\u0000${override.metric}`;
      const seen = latest.get(key);
      if (seen === undefined || seen.seq < override.seq) latest.set(key, override);
    }
    return [...latest.values()];
  }

  async get(scope: string, family: string, metric: string): Promise<ThresholdOverride | null> {
    const all = await this.latest([scope]);
    return all.find((o) => o.family === family && o.metric === metric) ?? null;
  }

  async put(override: ThresholdOverride): Promise<void> {
    await this.store.insertRows('metric_thresholds', [
      {
        scope: override.scope,
        family: override.family,
        metric: override.metric,
        warn: override.warn,
        critical: override.critical,
        rule: override.rule,
        deleted: override.deleted ? 1 : 0,
        updated_by: override.updatedBy,
        updated_at: override.updatedAt,
        seq: override.seq,
      },
    ]);
  }
}

export function changeStamp(clockMs: number, previousSeq: number | undefined): { readonly seq: number; readonly updatedAt: string } {
  const now = Math.trunc(clockMs);
  // seq must grow even when two changes land in the same millisecond.
  const seq = Math.max(now, (previousSeq ?? 0) + 1);
  return { seq, updatedAt: formatDateTimeUtc(now) };
}
