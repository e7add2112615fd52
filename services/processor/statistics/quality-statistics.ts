import { missingRate, newCategoryRate, outOfRangeRate, typeErrorRate, type ValueCounts } from '../../core/quality/index.js';
import type { ModelWindowProfile } from '../../core/profile/index.js';
import type { ThresholdLookup } from './metric-thresholds.js';
import { featureProfileOf } from './sketch-access.js';
import { missingStatistic, statisticOf, type WindowStatistic } from './window-statistic.js';

function countRows(subject: string, counts: ValueCounts, lookup: ThresholdLookup, withTypeErrors: boolean): WindowStatistic[] {
  const sizes = { sampleSize: counts.observations, referenceSize: 0 };
  const missing = lookup.thresholdFor('quality', 'missing_rate');
  const typed = lookup.thresholdFor('quality', 'type_error_rate');
  const rows = [statisticOf('quality', subject, 'missing_rate', missingRate(counts, missing), missing, sizes)];
  if (withTypeErrors) rows.push(statisticOf('quality', subject, 'type_error_rate', typeErrorRate(counts, typed), typed, sizes));
  return rows;
}

/**
 * Per feature: missing and type-error rates, and against the reference the out-of-range rate
 * (numeric) or the new-category rate (categorical). Per model: missing positive-class scores
 * ('prediction_score'), latencies ('latency_ms') and protected attributes ('protected_attributes').
 */
export function predictionQualityStatistics(current: ModelWindowProfile, reference: ModelWindowProfile | null, lookup: ThresholdLookup): WindowStatistic[] {
  const rows: WindowStatistic[] = [];
  for (const name of [...current.features.keys()].sort()) {
    const mine = featureProfileOf(current.features.get(name));
    if (mine === undefined) continue;
    rows.push(...countRows(name, mine, lookup, true));
    const theirs = reference === null ? undefined : featureProfileOf(reference.features.get(name));
    const sizes = { sampleSize: mine.valid, referenceSize: theirs?.valid ?? 0 };
    const why = reference === null ? 'the model has no reference profile yet' : 'the reference has no values of this feature';
    if (mine.digest !== undefined) {
      const t = lookup.thresholdFor('quality', 'out_of_range_rate');
      rows.push(
        theirs?.digest === undefined
          ? missingStatistic('quality', name, 'out_of_range_rate', why, sizes)
          : statisticOf('quality', name, 'out_of_range_rate', outOfRangeRate(mine.digest, theirs.digest, t), t, sizes),
      );
    } else if (mine.categories !== undefined) {
      const t = lookup.thresholdFor('quality', 'new_category_rate');
      const known = theirs?.categories?.entries().map(([category]) => category);
      rows.push(
        known === undefined
          ? missingStatistic('quality', name, 'new_category_rate', why, sizes)
          : statisticOf('quality', name, 'new_category_rate', newCategoryRate(known, mine.categories.entries(), t), t, sizes),
      );
    }
  }
  const classified = [...current.predictedClasses.values()].reduce((a, b) => a + b, current.classOverflow);
  if (current.settings.positiveLabel !== null && classified > 0) {
    rows.push(...countRows('prediction_score', { observations: classified, missing: current.quality.missingScore, typeErrors: 0 }, lookup, false));
  }
  if (current.predictions > 0) {
    rows.push(...countRows('latency_ms', { observations: current.predictions, missing: current.quality.missingLatency, typeErrors: 0 }, lookup, false));
    const attributes = current.settings.protectedAttributes.length;
    if (attributes > 0) {
      const counts = { observations: current.predictions * attributes, missing: current.quality.missingProtectedAttribute, typeErrors: 0 };
      rows.push(...countRows('protected_attributes', counts, lookup, false));
    }
  }
  return rows;
}

/** Joined pairs whose outcome kind (label vs value) disagreed with the prediction's: subject 'outcome'. */
export function labelQualityStatistics(current: ModelWindowProfile, lookup: ThresholdLookup): WindowStatistic[] {
  const mismatched = current.quality.outcomeKindMismatch;
  const counts = { observations: current.joined + mismatched, missing: 0, typeErrors: mismatched };
  if (counts.observations === 0) return [];
  const t = lookup.thresholdFor('quality', 'type_error_rate');
  return [statisticOf('quality', 'outcome', 'type_error_rate', typeErrorRate(counts, t), t, { sampleSize: counts.observations, referenceSize: 0 })];
}
