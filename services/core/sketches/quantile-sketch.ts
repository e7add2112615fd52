/**
 * What drift metrics need from a numeric distribution summary. The t-digest implements it;
 * tests may use an exact sorted-array implementation to compare against.
 */
export interface QuantileSketch {
  /** Number of finite values summarised. */
  readonly count: number;
  readonly min: number;
  readonly max: number;
  /** Value at rank q in [0, 1]; NaN when empty. */
  quantile(q: number): number;
  /** Fraction of values ≤ x (midpoint convention for values equal to x is the implementation's to document); NaN when empty. */
  cdf(x: number): number;
  /**
   * Optional batch forms: for ascending `qs` / `xs` they return exactly what per-point calls
   * return, in one sweep over the summary (drift metrics evaluate thousands of grid points).
   */
  quantilesAscending?(qs: readonly number[]): number[];
  cdfsAscending?(xs: readonly number[]): number[];
  /**
   * Optional: ascending points, the first `min` and the last `max`, such that `cdf` is linear on
   * every open interval between neighbours and right-continuous (it may jump at a point). KS
   * and Wasserstein are then computed exactly for the sketch's cdf instead of on a rank grid.
   * Empty when the sketch is.
   */
  cdfBreakpoints?(): number[];
}

/** `quantile` at ascending ranks, through the sketch's sweep when it has one. */
export function quantilesAscending(sketch: QuantileSketch, qs: readonly number[]): number[] {
  return sketch.quantilesAscending !== undefined ? sketch.quantilesAscending(qs) : qs.map((q) => sketch.quantile(q));
}

/** `cdf` at ascending points, through the sketch's sweep when it has one. */
export function cdfsAscending(sketch: QuantileSketch, xs: readonly number[]): number[] {
  return sketch.cdfsAscending !== undefined ? sketch.cdfsAscending(xs) : xs.map((x) => sketch.cdf(x));
}
