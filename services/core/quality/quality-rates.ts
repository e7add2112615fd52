import { metricValue, nullMetric, type MetricValue, type Thresholds } from '../drift/metric-value.js';
import type { QuantileSketch } from '../sketches/quantile-sketch.js';
import { QUALITY_THRESHOLDS } from './quality-defaults.js';

/** Counts of one feature in one window: every value offered, and how many were missing or of the wrong type. */
export interface ValueCounts {
  readonly observations: number;
  readonly missing: number;
  readonly typeErrors: number;
}

function rate(metric: string, part: number, whole: number, whenEmpty: string, thresholds: Thresholds): MetricValue {
  if (!(whole > 0)) return nullMetric(metric, whenEmpty);
  return metricValue(metric, part / whole, thresholds, { count: part, of: whole });
}

/** Missing (null/undefined) values over all values offered. */
export function missingRate(counts: ValueCounts, thresholds: Thresholds = QUALITY_THRESHOLDS): MetricValue {
  return rate('missing_rate', counts.missing, counts.observations, 'the window has no values', thresholds);
}

/** Values of the wrong type (or NaN/±Infinity for numeric features) over all values offered. */
export function typeErrorRate(counts: ValueCounts, thresholds: Thresholds = QUALITY_THRESHOLDS): MetricValue {
  return rate('type_error_rate', counts.typeErrors, counts.observations, 'the window has no values', thresholds);
}

/** The largest double below x, so that cdf(below(x)) is the fraction strictly below x. */
function below(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? -1n : 1n));
  return view.getFloat64(0);
}

/**
 * Fraction of the current window's finite values outside the reference [min, max]:
 * F_C(min⁻) + 1 − F_C(max), read from the current sketch. Each side is exactly 0 when the current
 * exact min/max lie inside the range (the common case); otherwise the error is the sketch's cdf
 * error at that point (exact for a sorted-array sketch; a t-digest is most accurate in the tails).
 */
export function outOfRangeRate(
  current: QuantileSketch,
  reference: { readonly min: number; readonly max: number },
  thresholds: Thresholds = QUALITY_THRESHOLDS,
): MetricValue {
  if (current.count === 0) return nullMetric('out_of_range_rate', 'the current window has no finite values');
  if (!Number.isFinite(reference.min) || !Number.isFinite(reference.max)) {
    return nullMetric('out_of_range_rate', 'the reference has no finite range');
  }
  const under = current.min < reference.min ? current.cdf(below(reference.min)) : 0;
  const over = current.max > reference.max ? 1 - current.cdf(reference.max) : 0;
  return metricValue('out_of_range_rate', Math.min(1, Math.max(0, under + over)), thresholds, { below: under, above: over });
}

/**
 * Share of current categorical values in a category the reference never saw. With heavy-hitter
 * counts (capacity-bounded), rare categories may be folded away on either side; the rate is then
 * approximate within the counts' error bound.
 */
export function newCategoryRate(
  referenceCategories: Iterable<string>,
  current: Iterable<readonly [string, number]>,
  thresholds: Thresholds = QUALITY_THRESHOLDS,
): MetricValue {
  const known = new Set(referenceCategories);
  let total = 0;
  let unseen = 0;
  for (const [category, count] of current) {
    if (!(count > 0) || !Number.isFinite(count)) continue;
    total += count;
    if (!known.has(category)) unseen += count;
  }
  return rate('new_category_rate', unseen, total, 'the current window has no categorical values', thresholds);
}
