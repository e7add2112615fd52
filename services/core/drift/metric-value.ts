/**
 * The value object every statistic in the core returns: a number or null with a reason,
 * and a severity judged against configurable thresholds. Never NaN, never a throw.
 */
export type Severity = 'ok' | 'warn' | 'critical' | 'insufficient_data' | 'not_evaluated';

/**
 * How a value is compared with its thresholds:
 * - `at_least`: value ≥ warn is warn (drift distances, quality rates),
 * - `abs_greater_than`: |value| > warn is warn (signed fairness differences),
 * - `greater_than`: value > warn is warn (equalized odds difference),
 * - `less_than`: value < warn is warn (disparate impact ratio, p-values).
 */
export type ThresholdRule = 'at_least' | 'abs_greater_than' | 'greater_than' | 'less_than';

export interface Thresholds {
  readonly warn: number;
  readonly critical: number;
  readonly rule: ThresholdRule;
}

export interface MetricValue {
  readonly metric: string;
  readonly value: number | null;
  /** Why `value` is null, or why the severity was not evaluated. */
  readonly reason?: string;
  readonly severity: Severity;
  /** Extra numbers some metrics carry (p-value, degrees of freedom, error bound). */
  readonly detail?: Readonly<Record<string, number | null>>;
}

function breaches(value: number, limit: number, rule: ThresholdRule): boolean {
  switch (rule) {
    case 'at_least':
      return value >= limit;
    case 'abs_greater_than':
      return Math.abs(value) > limit;
    case 'greater_than':
      return value > limit;
    case 'less_than':
      return value < limit;
  }
}

export function severityOf(value: number | null, thresholds: Thresholds | undefined): Severity {
  if (value === null || thresholds === undefined) return 'not_evaluated';
  if (breaches(value, thresholds.critical, thresholds.rule)) return 'critical';
  if (breaches(value, thresholds.warn, thresholds.rule)) return 'warn';
  return 'ok';
}

/** A finite value judged against thresholds; a non-finite one becomes null with a reason. */
export function metricValue(
  metric: string,
  value: number,
  thresholds: Thresholds | undefined,
  detail?: Record<string, number | null>,
): MetricValue {
  if (!Number.isFinite(value)) return nullMetric(metric, `the value is not finite (${String(value)})`, detail);
  const result = { metric, value, severity: severityOf(value, thresholds) };
  return detail === undefined ? result : { ...result, detail };
}

export function nullMetric(metric: string, reason: string, detail?: Record<string, number | null>): MetricValue {
  const result = { metric, value: null, reason, severity: 'not_evaluated' as const };
  return detail === undefined ? result : { ...result, detail };
}

const SEVERITY_RANK: Record<Severity, number> = { not_evaluated: 0, insufficient_data: 0, ok: 1, warn: 2, critical: 3 };

/** The worst of several severities; `not_evaluated` when none was evaluated. */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'not_evaluated';
  for (const s of severities) if (SEVERITY_RANK[s] > SEVERITY_RANK[worst]) worst = s;
  return worst;
}
