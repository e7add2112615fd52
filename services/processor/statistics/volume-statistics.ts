import { metricValue, nullMetric, severityOf, type MetricValue } from '../../core/drift/index.js';
import type { ModelWindowProfile, NumberSummary } from '../../core/profile/index.js';
import type { ThresholdLookup } from './metric-thresholds.js';
import { tdigestOf } from './sketch-access.js';
import { statisticOf, type WindowStatistic } from './window-statistic.js';

function volumeRow(lookup: ThresholdLookup, metric: string, value: MetricValue, sampleSize: number): WindowStatistic {
  const t = lookup.thresholdFor('volume', metric);
  const withSeverity = t === undefined || value.value === null ? value : { ...value, severity: severityOf(value.value, t) };
  return statisticOf('volume', '', metric, withSeverity, t, { sampleSize, referenceSize: 0 });
}

function quantileRows(lookup: ThresholdLookup, prefix: string, summary: NumberSummary | null, quantiles: readonly (readonly [string, number])[]): WindowStatistic[] {
  const digest = tdigestOf(summary);
  const n = digest?.count ?? 0;
  return quantiles.map(([suffix, q]) => {
    const metric = `${prefix}_${suffix}`;
    const value = digest === undefined || n === 0 ? nullMetric(metric, `the window has no ${prefix} values`) : metricValue(metric, digest.quantile(q), undefined);
    return volumeRow(lookup, metric, value, n);
  });
}

/** Prediction windows: predictions and latency quantiles (ms). */
export function predictionVolumeStatistics(profile: ModelWindowProfile, lookup: ThresholdLookup): WindowStatistic[] {
  return [
    volumeRow(lookup, 'predictions', metricValue('predictions', profile.predictions, undefined), profile.predictions),
    ...quantileRows(lookup, 'latency', profile.latencyMs, [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]]),
  ];
}

/** Label windows: labelled (joined) predictions and label delay quantiles (ms). */
export function labelVolumeStatistics(profile: ModelWindowProfile, lookup: ThresholdLookup): WindowStatistic[] {
  return [
    volumeRow(lookup, 'labelled', metricValue('labelled', profile.joined, undefined), profile.joined),
    ...quantileRows(lookup, 'label_delay', profile.labelDelayMs, [['p50', 0.5], ['p95', 0.95]]),
  ];
}
