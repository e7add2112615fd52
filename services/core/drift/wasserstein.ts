import { cdfsAscending, quantilesAscending, type QuantileSketch } from '../sketches/quantile-sketch.js';
import { ascendingUnion } from './ascending-union.js';
import { cdfDifference, integralOfAbsolute } from './cdf-difference.js';

/**
 * W1(R, C) = ∫ |F_R(x) − F_C(x)| dx (equal to ∫₀¹ |F_R⁻¹(q) − F_C⁻¹(q)| dq). When both sketches
 * describe their cdfs by breakpoints (the t-digest and the exact sketches do), the integral of
 * their cdfs is exact; otherwise it is taken on a grid (`wassersteinDistanceOnGrid`).
 */
export function wassersteinDistance(reference: QuantileSketch, current: QuantileSketch, gridSize = 2001): number {
  const difference = cdfDifference(reference, current);
  return difference !== undefined ? integralOfAbsolute(difference) : wassersteinDistanceOnGrid(reference, current, gridSize);
}

/**
 * W1 integrated over the sorted union of both sketches' quantiles on `gridSize` equal ranks plus
 * their extremes, with each cdf read at segment midpoints. Integrating in x keeps the extreme
 * tails, which a rank grid misses and which dominate for heavy-tailed data (measured: 0.017 of a
 * std for Student t(2) on a t-digest with a rank-midpoint rule, 0.0018 with this one).
 */
export function wassersteinDistanceOnGrid(reference: QuantileSketch, current: QuantileSketch, gridSize = 2001): number {
  const ranks: number[] = [];
  for (let k = 0; k < gridSize; k++) ranks.push(k / (gridSize - 1));
  const extremes = [reference.min, reference.max, current.min, current.max].sort((a, b) => a - b);
  const xs = ascendingUnion([extremes, quantilesAscending(reference, ranks), quantilesAscending(current, ranks)]);
  // Segment midpoints ascend with the segments, so both cdfs are read in one sweep each.
  const widths: number[] = [];
  const middles: number[] = [];
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1] ?? 0;
    const b = xs[i] ?? 0;
    if (!(b > a)) continue;
    widths.push(b - a);
    middles.push(a + (b - a) / 2);
  }
  const referenceCdf = cdfsAscending(reference, middles);
  const currentCdf = cdfsAscending(current, middles);
  let sum = 0;
  for (let i = 0; i < middles.length; i++) {
    sum += Math.abs((referenceCdf[i] as number) - (currentCdf[i] as number)) * (widths[i] as number);
  }
  return sum;
}
