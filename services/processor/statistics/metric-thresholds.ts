import { RELATIVE_DROP_THRESHOLDS } from '../../core/accuracy/index.js';
import { DRIFT_THRESHOLDS, type Thresholds } from '../../core/drift/index.js';
import { FAIRNESS_THRESHOLDS } from '../../core/fairness/index.js';
import { QUALITY_THRESHOLDS } from '../../core/quality/index.js';
import type { StatisticFamily } from './window-statistic.js';

/** Thresholds in force for one model: model scope > '*' > the core's built-in defaults. */
export interface ThresholdLookup {
  thresholdFor(family: StatisticFamily, metric: string): Thresholds | undefined;
}

const QUALITY_METRICS = new Set(['missing_rate', 'type_error_rate', 'out_of_range_rate', 'new_category_rate']);

function own<T extends object>(table: T, key: string): T[keyof T] | undefined {
  return Object.hasOwn(table, key) ? table[key as keyof T] : undefined;
}

/** The core's defaults (services/core/*‍/…-defaults.ts) for a (family, metric); undefined when it has none. */
export function builtInThreshold(family: StatisticFamily, metric: string): Thresholds | undefined {
  switch (family) {
    case 'drift':
    case 'prediction_drift':
      if (metric === 'ks_p_value' || metric === 'chi_square_p_value') return DRIFT_THRESHOLDS.p_value;
      return own(DRIFT_THRESHOLDS, metric);
    case 'fairness':
      return own(FAIRNESS_THRESHOLDS, metric);
    case 'quality':
      return QUALITY_METRICS.has(metric) ? QUALITY_THRESHOLDS : undefined;
    case 'accuracy':
      return metric.endsWith('_relative_drop') ? RELATIVE_DROP_THRESHOLDS : undefined;
    case 'volume':
      return undefined;
  }
}

/** Only the built-in defaults (no overrides stored). */
export const BUILT_IN_THRESHOLDS: ThresholdLookup = Object.freeze({ thresholdFor: builtInThreshold });
