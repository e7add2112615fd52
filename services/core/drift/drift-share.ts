import { driftThresholds, type DriftOptions } from './drift-defaults.js';
import { metricValue, nullMetric, type MetricValue } from './metric-value.js';

/**
 * Fraction of monitored features whose default drift metric is at least warn. Features whose
 * metric could not be evaluated (null value) are left out of both numerator and denominator.
 */
export function datasetDriftShare(featureMetrics: Iterable<MetricValue>, options?: DriftOptions): MetricValue {
  let evaluated = 0;
  let drifted = 0;
  for (const m of featureMetrics) {
    if (m.value === null || m.severity === 'not_evaluated' || m.severity === 'insufficient_data') continue;
    evaluated += 1;
    if (m.severity === 'warn' || m.severity === 'critical') drifted += 1;
  }
  if (evaluated === 0) return nullMetric('drift_share', 'no feature had an evaluated drift metric');
  return metricValue('drift_share', drifted / evaluated, driftThresholds(options, 'drift_share'), { features: evaluated, drifted });
}
