import { inList, sql } from '../../adapters/store/sql-template.js';
import type { Store } from '../../adapters/store/store.js';
import type { Family, Span, Statistic } from '../schemas/common.js';
import { count, isoTime, nullableNumber } from './row-values.js';

/** One window_statistics row as JSONEachRow gives it. */
export interface StatisticRow {
  model_version: string;
  deployment_role: string;
  span: Span;
  window_start: string;
  window_end: string;
  family: Family;
  subject: string;
  metric: string;
  value: unknown;
  sample_size: string;
  reference_size: string;
  warn_threshold: unknown;
  critical_threshold: unknown;
  status: Statistic['status'];
  reference_id: string;
}

const COLUMNS =
  'model_version, deployment_role, span, window_start, window_end, family, subject, metric, value, sample_size, reference_size, warn_threshold, critical_threshold, status, reference_id';

export function toStatistic(row: StatisticRow): Statistic {
  return {
    value: nullableNumber(row.value),
    status: row.status,
    warnThreshold: nullableNumber(row.warn_threshold),
    criticalThreshold: nullableNumber(row.critical_threshold),
    sampleSize: count(row.sample_size),
    referenceSize: count(row.reference_size),
  };
}

export interface StatisticFilter {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly families: readonly Family[];
  readonly span: Span;
}

function where(filter: StatisticFilter): string {
  return sql`model_id = ${filter.modelId} AND model_version = ${filter.modelVersion} AND span = ${filter.span} AND family IN ${inList(filter.families)}`;
}

/** The window_end of the latest window with statistics of these families, or null when none. */
export async function latestWindowEnd(store: Store, filter: StatisticFilter): Promise<Date | null> {
  const rows = await store.queryRows<{ latest: string; rows: string }>(
    `SELECT toString(max(window_end)) AS latest, toString(count()) AS rows FROM window_statistics WHERE ${where(filter)}`,
  );
  const row = rows[0];
  return row === undefined || count(row.rows) === 0 ? null : new Date(isoTime(row.latest));
}

/** Every statistic of these families in the window that ends at `windowEnd`. */
export async function statisticsAt(store: Store, filter: StatisticFilter, windowEnd: Date): Promise<StatisticRow[]> {
  return store.queryRows<StatisticRow>(
    `SELECT ${COLUMNS} FROM window_statistics FINAL WHERE ${where(filter)} AND ${sql`window_end = ${windowEnd}`} ORDER BY subject, metric, deployment_role`,
  );
}

export interface SeriesFilter {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly family?: Family | undefined;
  readonly metric?: string | undefined;
  readonly metricPrefix?: string | undefined;
  readonly excludeMetricPrefix?: string | undefined;
  readonly subject?: string | undefined;
  readonly from: Date;
  readonly to: Date;
}

// substring, not startsWith: 18.16 has no startsWith.
/** Rows of every span between from and to (on window_end), oldest first; at most `maxRows`. */
export async function statisticsBetween(store: Store, filter: SeriesFilter, maxRows: number): Promise<StatisticRow[]> {
  const conditions = [
    sql`model_id = ${filter.modelId} AND model_version = ${filter.modelVersion} AND window_end >= ${filter.from} AND window_end <= ${filter.to}`,
  ];
  if (filter.family !== undefined) conditions.push(sql`family = ${filter.family}`);
  if (filter.metric !== undefined) conditions.push(sql`metric = ${filter.metric}`);
  if (filter.metricPrefix !== undefined) conditions.push(sql`substring(metric, 1, ${filter.metricPrefix.length}) = ${filter.metricPrefix}`);
  if (filter.excludeMetricPrefix !== undefined) conditions.push(sql`substring(metric, 1, ${filter.excludeMetricPrefix.length}) != ${filter.excludeMetricPrefix}`);
  if (filter.subject !== undefined) conditions.push(sql`subject = ${filter.subject}`);
  return store.queryRows<StatisticRow>(
    `SELECT ${COLUMNS} FROM window_statistics FINAL WHERE ${conditions.join(' AND ')} ORDER BY family, subject, metric, window_end, span, deployment_role LIMIT ${String(maxRows)}`,
  );
}
