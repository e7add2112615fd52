import { RELATIVE_DROP_THRESHOLDS } from '../accuracy/index.js';
import { DRIFT_THRESHOLDS, type Thresholds } from '../drift/index.js';
import { FAIRNESS_THRESHOLDS } from '../fairness/index.js';
import { QUALITY_THRESHOLDS } from '../quality/index.js';

// The one lookup of built-in thresholds by (family, metric): the processor judges statistics with
// it and the API lists it (GET /v1/thresholds), so what people see is what is applied.

export type MetricFamily = 'drift' | 'prediction_drift' | 'fairness' | 'accuracy' | 'quality' | 'volume';

const QUALITY_METRICS = ['missing_rate', 'type_error_rate', 'out_of_range_rate', 'new_category_rate'];
const DRIFT_METRICS = [...Object.keys(DRIFT_THRESHOLDS).filter((metric) => metric !== 'p_value'), 'ks_p_value', 'chi_square_p_value'];
/** Accuracy metrics whose relative drop from the reference is judged (processor/statistics/accuracy-statistics.ts). */
const RELATIVE_DROP_METRICS = ['accuracy', 'f1_macro', 'roc_auc', 'log_loss', 'brier', 'mae', 'rmse', 'r2'].map((metric) => `${metric}_relative_drop`);

/** Metrics that have a built-in threshold, per family. */
export const BUILT_IN_METRICS: Readonly<Record<MetricFamily, readonly string[]>> = {
  drift: DRIFT_METRICS,
  prediction_drift: DRIFT_METRICS,
  fairness: Object.keys(FAIRNESS_THRESHOLDS),
  quality: QUALITY_METRICS,
  accuracy: RELATIVE_DROP_METRICS,
  volume: [],
};

function own<T extends object>(table: T, key: string): T[keyof T] | undefined {
  return Object.hasOwn(table, key) ? table[key as keyof T] : undefined;
}

/** The core's defaults (services/core/*‍/…-defaults.ts) for a (family, metric); undefined when it has none. */
export function builtInThreshold(family: MetricFamily, metric: string): Thresholds | undefined {
  switch (family) {
    case 'drift':
    case 'prediction_drift':
      if (metric === 'ks_p_value' || metric === 'chi_square_p_value') return DRIFT_THRESHOLDS.p_value;
      return own(DRIFT_THRESHOLDS, metric);
    case 'fairness':
      return own(FAIRNESS_THRESHOLDS, metric);
    case 'quality':
      return QUALITY_METRICS.includes(metric) ? QUALITY_THRESHOLDS : undefined;
    case 'accuracy':
      return metric.endsWith('_relative_drop') ? RELATIVE_DROP_THRESHOLDS : undefined;
    case 'volume':
      return undefined;
  }
}
