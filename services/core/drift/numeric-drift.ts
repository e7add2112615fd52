import type { QuantileSketch } from '../sketches/quantile-sketch.js';
import { hellingerDistance, jensenShannonDistance, populationStabilityIndex } from './binned-distances.js';
import { driftThresholds, type DriftOptions } from './drift-defaults.js';
import { ksPValue, ksStatistic } from './ks.js';
import { metricValue, nullMetric, type MetricValue } from './metric-value.js';
import { referenceQuantileBins } from './shared-bins.js';
import { wassersteinDistance } from './wasserstein.js';

export type NumericDriftMetric = 'psi' | 'ks' | 'jensen_shannon' | 'wasserstein_normed' | 'hellinger';

export interface NumericReference {
  readonly sketch: QuantileSketch;
  /** Population standard deviation (ddof 0) of the reference, from its streaming moments. */
  readonly std: number;
}

export interface NumericDriftReport {
  readonly psi: MetricValue;
  readonly ks: MetricValue;
  readonly jensenShannon: MetricValue;
  readonly wassersteinNormed: MetricValue;
  readonly hellinger: MetricValue;
}

function emptyReason(reference: QuantileSketch, current: QuantileSketch): string | undefined {
  if (reference.count === 0) return 'the reference has no finite values';
  if (current.count === 0) return 'the current window has no finite values';
  return undefined;
}

function ksMetric(reference: QuantileSketch, current: QuantileSketch, options: DriftOptions | undefined): MetricValue {
  const statistic = ksStatistic(reference, current, options?.ksGridSize);
  const maxCount = options?.pValueMaxCount ?? 1000;
  if (reference.count > maxCount || current.count > maxCount) {
    return metricValue('ks', statistic, driftThresholds(options, 'ks_statistic'), { p_value: null });
  }
  // Small samples: judge by the p-value, since a large statistic is expected from noise alone.
  const pValue = ksPValue(statistic, reference.count, current.count);
  const judged = metricValue('p_value', pValue, driftThresholds(options, 'p_value'));
  return { ...metricValue('ks', statistic, undefined, { p_value: pValue }), severity: judged.severity };
}

function wassersteinMetric(reference: NumericReference, current: QuantileSketch, options: DriftOptions | undefined): MetricValue {
  if (!(reference.std > 0) || !Number.isFinite(reference.std)) {
    return nullMetric('wasserstein_normed', 'the reference has no variance, so the normalised distance is undefined');
  }
  const distance = wassersteinDistance(reference.sketch, current, options?.wassersteinGridSize);
  return metricValue('wasserstein_normed', distance / reference.std, driftThresholds(options, 'wasserstein_normed'), { wasserstein: distance });
}

/** Every numeric drift metric between a reference and a current window. Never throws. */
export function numericDrift(reference: NumericReference, current: QuantileSketch, options?: DriftOptions): NumericDriftReport {
  const reason = emptyReason(reference.sketch, current);
  if (reason !== undefined) {
    const empty = (metric: NumericDriftMetric): MetricValue => nullMetric(metric, reason);
    return { psi: empty('psi'), ks: empty('ks'), jensenShannon: empty('jensen_shannon'), wassersteinNormed: empty('wasserstein_normed'), hellinger: empty('hellinger') };
  }
  const bins = referenceQuantileBins(reference.sketch, current, options?.binCount ?? 10);
  return {
    psi: metricValue('psi', populationStabilityIndex(bins.reference, bins.current, options?.psiFloor), driftThresholds(options, 'psi')),
    ks: ksMetric(reference.sketch, current, options),
    jensenShannon: metricValue('jensen_shannon', jensenShannonDistance(bins.reference, bins.current), driftThresholds(options, 'jensen_shannon')),
    wassersteinNormed: wassersteinMetric(reference, current, options),
    hellinger: metricValue('hellinger', hellingerDistance(bins.reference, bins.current), driftThresholds(options, 'hellinger')),
  };
}

/** The metric of a report that the drift share counts. */
export function pickNumericMetric(report: NumericDriftReport, metric: NumericDriftMetric): MetricValue {
  switch (metric) {
    case 'psi':
      return report.psi;
    case 'ks':
      return report.ks;
    case 'jensen_shannon':
      return report.jensenShannon;
    case 'wasserstein_normed':
      return report.wassersteinNormed;
    case 'hellinger':
      return report.hellinger;
  }
}
