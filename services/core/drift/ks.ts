import { cdfsAscending, quantilesAscending, type QuantileSketch } from '../sketches/quantile-sketch.js';
import { ascendingUnion } from './ascending-union.js';
import { cdfDifference, supremumOfAbsolute } from './cdf-difference.js';
import { kolmogorovSurvival } from './special-functions.js';

/**
 * Points at which to compare two cdfs: each sketch's quantiles on a grid of `gridSize` ranks,
 * plus both extremes (the first list: min and max). When a sketch holds no more values than the
 * grid, its ranks k/(n − 1) are used instead: for a sorted-array sketch those are exactly its
 * values, so the statistic is exact.
 */
function comparisonPoints(sketch: QuantileSketch, gridSize: number): [number[], number[]] {
  const n = sketch.count;
  const steps = n <= gridSize ? n - 1 : gridSize - 1;
  const ranks: number[] = [];
  for (let k = 0; k <= steps; k++) ranks.push(steps === 0 ? 0 : k / steps);
  return [[sketch.min, sketch.max], quantilesAscending(sketch, ranks)];
}

/**
 * sup |F_R(x) − F_C(x)|: exact for the sketches' cdfs when both describe them by breakpoints
 * (the t-digest and the exact sketches do), else on a grid (`ksStatisticOnGrid`).
 */
export function ksStatistic(reference: QuantileSketch, current: QuantileSketch, gridSize = 2001): number {
  const difference = cdfDifference(reference, current);
  return difference !== undefined ? supremumOfAbsolute(difference) : ksStatisticOnGrid(reference, current, gridSize);
}

/**
 * sup |F_R(x) − F_C(x)| over both sketches' quantile points. With a grid of G ranks, each cdf
 * moves by about 1/G between neighbouring points, so the sup is missed by at most about 1/G
 * beyond the sketches' own cdf error.
 */
export function ksStatisticOnGrid(reference: QuantileSketch, current: QuantileSketch, gridSize = 2001): number {
  // The sup does not depend on the order points are visited in: put them in ascending order
  // once and read both cdfs in one sweep each.
  const xs = ascendingUnion([...comparisonPoints(reference, gridSize), ...comparisonPoints(current, gridSize)]);
  const referenceCdf = cdfsAscending(reference, xs);
  const currentCdf = cdfsAscending(current, xs);
  let sup = 0;
  for (let i = 0; i < xs.length; i++) sup = Math.max(sup, Math.abs((referenceCdf[i] as number) - (currentCdf[i] as number)));
  return sup;
}

/**
 * Two-sided asymptotic p-value Q_KS((√nₑ + 0.12 + 0.11/√nₑ) D), nₑ = n₁n₂/(n₁ + n₂): Stephens'
 * small-sample correction (Numerical Recipes §14.3), close to scipy's ks_2samp(method='asymp').
 */
export function ksPValue(statistic: number, referenceCount: number, currentCount: number): number {
  const en = (referenceCount * currentCount) / (referenceCount + currentCount);
  const root = Math.sqrt(en);
  return kolmogorovSurvival((root + 0.12 + 0.11 / root) * statistic);
}
