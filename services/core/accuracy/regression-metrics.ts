import { metricValue, nullMetric, type MetricValue } from '../drift/metric-value.js';
import type { RegressionAccumulator } from './regression-accumulator.js';

/**
 * Below this the squared deviations are subnormal doubles, which carry an absolute rounding of
 * 2⁻¹⁰⁷⁵ per operation: the variance, and R², would then depend on the order rows were added and
 * merged in. It is the smallest normal double over the machine epsilon (≈ 1e-292).
 */
const SMALLEST_MEANINGFUL_VARIANCE = 2.2250738585072014e-308 / Number.EPSILON;

export interface RegressionReport {
  readonly n: number;
  readonly mae: MetricValue;
  readonly rmse: MetricValue;
  /** A fraction (0.15 = 15%), like sklearn; `detail.excluded_zero_actual` rows were left out. */
  readonly mape: MetricValue;
  readonly r2: MetricValue;
  /** Mean of predicted − actual. */
  readonly meanError: MetricValue;
}

export function regressionReport(acc: RegressionAccumulator): RegressionReport {
  if (acc.n === 0) {
    const reason = 'the window has no labelled predictions';
    return { n: 0, mae: nullMetric('mae', reason), rmse: nullMetric('rmse', reason), mape: nullMetric('mape', reason), r2: nullMetric('r2', reason), meanError: nullMetric('mean_error', reason) };
  }
  const excluded = { excluded_zero_actual: acc.zeroActualRows };
  return {
    n: acc.n,
    mae: metricValue('mae', acc.absoluteErrorSum / acc.n, undefined),
    rmse: metricValue('rmse', Math.sqrt(acc.squaredErrorSum / acc.n), undefined),
    mape: acc.percentageRows === 0
      ? nullMetric('mape', 'every true value is 0', excluded)
      : metricValue('mape', acc.absolutePercentageSum / acc.percentageRows, undefined, excluded),
    // sklearn returns 1 or 0 when the true values do not vary; the ratio is undefined, so null.
    r2: acc.actualM2 / acc.n >= SMALLEST_MEANINGFUL_VARIANCE
      ? metricValue('r2', 1 - acc.squaredErrorSum / acc.actualM2, undefined)
      : nullMetric('r2', 'the true values do not vary (variance below 1e-292), so R² is undefined'),
    meanError: metricValue('mean_error', acc.errorSum / acc.n, undefined),
  };
}
