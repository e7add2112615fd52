import type { MetricFamily } from '../../core/thresholds/index.js';
import type { MetricValue, Severity, Thresholds } from '../../core/drift/index.js';

/** The `family` column of window_statistics (the families are named in services/core/thresholds). */
export type StatisticFamily = MetricFamily;

/** The `status` column: the core severity mapped for people (see README.md). */
export type StatisticStatus = 'ok' | 'warning' | 'critical' | 'no_data';

export type StatisticSpan = 'window' | 'rolling_3d' | 'rolling_7d';

/** One statistic of one model version over one span: a row of window_statistics without its identity. */
export interface WindowStatistic {
  readonly family: StatisticFamily;
  readonly subject: string;
  readonly metric: string;
  readonly value: number | null;
  readonly sampleSize: number;
  readonly referenceSize: number;
  /** The thresholds the status was judged against, null when none apply. */
  readonly thresholds: Thresholds | null;
  /** `thresholds.rule`, or 'p_value' when a small-sample test judged the value by its p-value, or ''. */
  readonly thresholdRule: string;
  readonly status: StatisticStatus;
  /** Why the value is null or was not judged (not stored; for logs and tests). */
  readonly reason?: string;
}

/**
 * Core severity → status. A null value or too small a sample is `no_data`; a value with no
 * threshold to breach (`not_evaluated`) is `ok`: it is informational and never worsens a state.
 */
export function statusOf(severity: Severity, value: number | null): StatisticStatus {
  if (value === null) return 'no_data';
  switch (severity) {
    case 'ok':
    case 'not_evaluated':
      return 'ok';
    case 'warn':
      return 'warning';
    case 'critical':
      return 'critical';
    case 'insufficient_data':
      return 'no_data';
  }
}

export interface StatisticSizes {
  readonly sampleSize: number;
  readonly referenceSize: number;
}

/** A row from a core MetricValue; `metric` renames the core's name where ours differs (ks → ks_statistic). */
export function statisticOf(
  family: StatisticFamily,
  subject: string,
  metric: string,
  value: MetricValue,
  thresholds: Thresholds | undefined,
  sizes: StatisticSizes,
): WindowStatistic {
  const row = {
    family,
    subject,
    metric,
    value: value.value,
    sampleSize: sizes.sampleSize,
    referenceSize: sizes.referenceSize,
    thresholds: thresholds ?? null,
    thresholdRule: thresholds?.rule ?? '',
    status: statusOf(value.severity, value.value),
  };
  return value.reason === undefined ? row : { ...row, reason: value.reason };
}

/** A null statistic (no reference, no values) that is `no_data`. */
export function missingStatistic(family: StatisticFamily, subject: string, metric: string, reason: string, sizes: StatisticSizes): WindowStatistic {
  return { family, subject, metric, value: null, sampleSize: sizes.sampleSize, referenceSize: sizes.referenceSize, thresholds: null, thresholdRule: '', status: 'no_data', reason };
}

/** Canonical row order: family, subject, metric. */
export function compareStatistics(a: WindowStatistic, b: WindowStatistic): number {
  return cmp(a.family, b.family) || cmp(a.subject, b.subject) || cmp(a.metric, b.metric);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
