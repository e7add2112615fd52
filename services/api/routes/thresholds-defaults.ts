import type { Thresholds } from '../../core/drift/metric-value.js';
import { DRIFT_THRESHOLDS } from '../../core/drift/drift-defaults.js';
import { FAIRNESS_THRESHOLDS } from '../../core/fairness/fairness-defaults.js';
// The processor's lookup is the one that judges statistics: the API shows exactly what it applies.
import { builtInThreshold as processorBuiltIn } from '../../processor/statistics/metric-thresholds.js';
import type { Family } from '../schemas/common.js';

const DRIFT_METRICS = [...Object.keys(DRIFT_THRESHOLDS).filter((metric) => metric !== 'p_value'), 'ks_p_value', 'chi_square_p_value'];
/** Accuracy metrics whose relative drop from the reference is judged (services/processor/statistics/accuracy-statistics.ts). */
const RELATIVE_DROP_METRICS = ['accuracy', 'f1_macro', 'roc_auc', 'log_loss', 'brier', 'mae', 'rmse', 'r2'].map((metric) => `${metric}_relative_drop`);

/** Metrics that have a built-in threshold, per family: what GET /v1/thresholds lists even without overrides. */
export const BUILT_IN_METRICS: Readonly<Record<Family, readonly string[]>> = {
  drift: DRIFT_METRICS,
  prediction_drift: DRIFT_METRICS,
  fairness: Object.keys(FAIRNESS_THRESHOLDS),
  quality: ['missing_rate', 'type_error_rate', 'out_of_range_rate', 'new_category_rate'],
  accuracy: RELATIVE_DROP_METRICS,
  volume: [],
};

/** The built-in (services/core defaults) threshold of a family/metric, as the processor applies it. */
export function builtInThreshold(family: Family, metric: string): Thresholds | undefined {
  return processorBuiltIn(family, metric);
}
