import { metricValue, nullMetric, type MetricValue } from '../drift/metric-value.js';

/**
 * Binary ROC AUC = P(score₊ > score₋) + ½ P(score₊ = score₋) from per-class score histograms.
 * Pairs in different bins are ordered exactly; pairs sharing a bin count as ties (½), so the
 * error is at most ½ Σ_b pos_b·neg_b / (P·N), returned as `detail.error_bound`.
 */
export function rocAucFromHistograms(positive: readonly number[], negative: readonly number[]): MetricValue {
  let positives = 0;
  let negatives = 0;
  for (let b = 0; b < positive.length; b++) {
    positives += positive[b] ?? 0;
    negatives += negative[b] ?? 0;
  }
  if (positives === 0 || negatives === 0) {
    return nullMetric('roc_auc', positives === 0 ? 'no row has the positive label' : 'no row has a negative label');
  }
  let negativesBelow = 0;
  let ordered = 0;
  let sameBin = 0;
  for (let b = 0; b < positive.length; b++) {
    const p = positive[b] ?? 0;
    const n = negative[b] ?? 0;
    ordered += p * negativesBelow;
    sameBin += p * n;
    negativesBelow += n;
  }
  const pairs = positives * negatives;
  return metricValue('roc_auc', (ordered + 0.5 * sameBin) / pairs, undefined, { error_bound: (0.5 * sameBin) / pairs });
}
