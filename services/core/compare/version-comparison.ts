import type { ModelWindowProfile } from '../profile/model-window-profile.js';
import { modelKeyString } from '../profile/model-key.js';
import { meanDifference } from './mean-intervals.js';
import { newcombeDifference, type DifferenceInterval } from './proportion-intervals.js';

export interface MetricDelta extends DifferenceInterval {
  readonly metric: 'selection_rate' | 'accuracy' | 'mean_score' | 'mean_predicted_value';
  readonly champion: number;
  readonly challenger: number;
}

export interface VersionComparison {
  readonly champion: string;
  readonly challenger: string;
  /** Challenger − champion for each metric both versions have; intervals at the given z. */
  readonly deltas: MetricDelta[];
}

/**
 * Side-by-side metrics of two versions of one model over the same windows (profiles or rollups
 * of prediction and label windows). Independent-sample intervals: Newcombe for proportions,
 * normal approximation (Welch standard error) for means. Paired statistics over requests both
 * versions scored come from PairedComparison instead.
 */
export function compareVersions(champion: ModelWindowProfile, challenger: ModelWindowProfile, z: number): VersionComparison {
  const deltas: MetricDelta[] = [];
  const positive = champion.settings.positiveLabel;
  if (positive !== null && champion.predictions > 0 && challenger.predictions > 0) {
    const k1 = challenger.predictedClasses.get(positive) ?? 0;
    const k0 = champion.predictedClasses.get(positive) ?? 0;
    const interval = newcombeDifference(k1, challenger.predictions, k0, champion.predictions, z);
    deltas.push({ metric: 'selection_rate', champion: k0 / champion.predictions, challenger: k1 / challenger.predictions, ...interval });
  }
  const a = champion.classification?.accuracyCounts();
  const b = challenger.classification?.accuracyCounts();
  if (a !== undefined && b !== undefined && a.total > 0 && b.total > 0) {
    const interval = newcombeDifference(b.correct, b.total, a.correct, a.total, z);
    deltas.push({ metric: 'accuracy', champion: a.correct / a.total, challenger: b.correct / b.total, ...interval });
  }
  for (const [metric, mine, theirs] of [
    ['mean_score', champion.positiveScore, challenger.positiveScore],
    ['mean_predicted_value', champion.predictedValue, challenger.predictedValue],
  ] as const) {
    if (mine === null || theirs === null) continue;
    const m0 = mine.sampleMoments();
    const m1 = theirs.sampleMoments();
    deltas.push({ metric, champion: m0.mean, challenger: m1.mean, ...meanDifference(m1, m0, z) });
  }
  return { champion: modelKeyString(champion.key), challenger: modelKeyString(challenger.key), deltas };
}
