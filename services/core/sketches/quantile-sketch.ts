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
}
