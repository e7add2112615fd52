import { accuracyStatistics } from './accuracy-statistics.js';
import { featureDriftStatistics, predictionDriftStatistics } from './drift-statistics.js';
import { fairnessStatistics } from './fairness-statistics.js';
import { labelQualityStatistics, predictionQualityStatistics } from './quality-statistics.js';
import type { WindowStatisticsInput } from './statistics-context.js';
import { labelVolumeStatistics, predictionVolumeStatistics } from './volume-statistics.js';
import { compareStatistics, type WindowStatistic } from './window-statistic.js';

/**
 * Every statistic of one model version over one span, in canonical (family, subject, metric)
 * order. Pure and deterministic: the same merged profile, reference and thresholds always give
 * the same rows. Prediction windows and label windows never produce the same (family, subject,
 * metric), so both kinds' rows of a window can live side by side.
 */
export function computeWindowStatistics(input: WindowStatisticsInput): WindowStatistic[] {
  const { kind, profile, context } = input;
  const reference = context.reference?.profile ?? null;
  const lookup = context.thresholds;
  const rows =
    kind === 'prediction'
      ? [
          ...featureDriftStatistics(profile, reference, lookup),
          ...predictionDriftStatistics(profile, reference, lookup),
          ...fairnessStatistics(profile, 'prediction', context),
          ...predictionQualityStatistics(profile, reference, lookup),
          ...predictionVolumeStatistics(profile, lookup),
        ]
      : [
          ...accuracyStatistics(profile, reference, lookup),
          ...fairnessStatistics(profile, 'label', context),
          ...labelQualityStatistics(profile, lookup),
          ...labelVolumeStatistics(profile, lookup),
        ];
  return rows.sort(compareStatistics);
}
