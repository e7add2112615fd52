import { metricValue, nullMetric, type MetricValue, type Thresholds } from '../drift/metric-value.js';

/** METRICS.md: alert on the relative drop from the reference period's value, warn 5%, critical 10%. */
export const RELATIVE_DROP_THRESHOLDS: Thresholds = { warn: 0.05, critical: 0.1, rule: 'at_least' };

/**
 * How much worse `current` is than `reference`, relative to the reference: (ref − cur)/|ref| when
 * higher is better (accuracy, AUC, R²), (cur − ref)/|ref| when lower is better (log loss, MAE).
 * Negative values are improvements.
 */
export function relativeDrop(
  metric: string,
  current: MetricValue,
  reference: MetricValue,
  higherIsBetter: boolean,
  thresholds: Thresholds = RELATIVE_DROP_THRESHOLDS,
): MetricValue {
  const name = `${metric}_relative_drop`;
  if (current.value === null) return nullMetric(name, `current ${metric}: ${current.reason ?? 'undefined'}`);
  if (reference.value === null) return nullMetric(name, `reference ${metric}: ${reference.reason ?? 'undefined'}`);
  if (reference.value === 0) return nullMetric(name, `the reference ${metric} is 0, so a relative change is undefined`);
  const change = (current.value - reference.value) / Math.abs(reference.value);
  return metricValue(name, higherIsBetter ? -change : change, thresholds, { current: current.value, reference: reference.value });
}
