import { compareVersions, type DifferenceInterval, type Interval, type PairedComparison } from '../../core/compare/index.js';
import type { ModelWindowProfile } from '../../core/profile/index.js';

/** One row of version_comparisons without its window identity. delta = other − champion. */
export interface VersionComparisonStatistic {
  readonly modelId: string;
  readonly championVersion: string;
  readonly otherVersion: string;
  readonly otherRole: string;
  readonly metric: string;
  readonly championValue: number | null;
  readonly otherValue: number | null;
  readonly delta: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly significant: boolean;
  readonly sampleSize: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function intervalColumns(interval: Interval | DifferenceInterval): Pick<VersionComparisonStatistic, 'delta' | 'ciLow' | 'ciHigh' | 'significant'> {
  const delta = finite(interval.estimate);
  return {
    delta,
    ciLow: delta === null ? null : finite(interval.lower),
    ciHigh: delta === null ? null : finite(interval.upper),
    significant: delta !== null && 'significant' in interval && interval.significant,
  };
}

/**
 * Paired rows from a comparison window keyed model|champion|other|role (requests both versions
 * scored): 'agreement_rate' (delta = the share of equal labels, Wilson interval),
 * 'score_difference_mean' and 'paired_selection_rate_difference' (other − champion).
 */
export function pairedComparisonRows(key: string, comparison: PairedComparison, z: number): VersionComparisonStatistic[] {
  const [modelId = '', championVersion = '', otherVersion = '', otherRole = ''] = key.split('|');
  const summary = comparison.summary(z);
  const base = { modelId, championVersion, otherVersion, otherRole, championValue: null, otherValue: null };
  const differences = comparison.scoreDifference?.sampleMoments().n ?? 0;
  return [
    { ...base, metric: 'agreement_rate', ...intervalColumns(summary.agreement), significant: false, sampleSize: summary.pairs },
    { ...base, metric: 'paired_selection_rate_difference', ...intervalColumns(summary.selectionRateDifference), sampleSize: summary.pairs },
    { ...base, metric: 'score_difference_mean', ...intervalColumns(summary.meanScoreDifference), sampleSize: differences },
  ];
}

/**
 * Independent-sample rows between the champion's and another version's merged profiles of the
 * same window: 'selection_rate', 'mean_score', 'mean_predicted_value' (prediction windows) and
 * 'accuracy' (label windows), with Newcombe / Welch intervals from the core.
 */
export function profileComparisonRows(champion: ModelWindowProfile, other: ModelWindowProfile, z: number): VersionComparisonStatistic[] {
  const comparison = compareVersions(champion, other, z);
  const sizes: Record<string, number> = {
    selection_rate: Math.min(champion.predictions, other.predictions),
    accuracy: Math.min(champion.classification?.accuracyCounts().total ?? 0, other.classification?.accuracyCounts().total ?? 0),
    mean_score: Math.min(champion.positiveScore?.sampleMoments().n ?? 0, other.positiveScore?.sampleMoments().n ?? 0),
    mean_predicted_value: Math.min(champion.predictedValue?.sampleMoments().n ?? 0, other.predictedValue?.sampleMoments().n ?? 0),
  };
  return comparison.deltas.map((d) => ({
    modelId: champion.key.modelId,
    championVersion: champion.key.modelVersion,
    otherVersion: other.key.modelVersion,
    otherRole: other.key.deploymentRole,
    metric: d.metric,
    championValue: finite(d.champion),
    otherValue: finite(d.challenger),
    ...intervalColumns(d),
    sampleSize: sizes[d.metric] ?? 0,
  }));
}
