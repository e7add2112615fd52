import type { CentroidArrays } from './t-digest-compress.js';

// The digest is read as a piecewise-linear CDF through one knot per centroid:
// - an impure centroid (values that differed) holds half its weight on each side of its mean,
//   so the CDF passes through (mean, weightBefore + weight/2);
// - a pure centroid (identical values, including every singleton) is a point mass: the CDF
//   jumps at its mean from weightBefore to weightBefore + weight.
// The curve starts at (min, 0) and ends at (max, total). quantile() is its inverse, so
// cdf(quantile(q)) ≈ q, and ties are reported exactly.

export interface DigestView extends CentroidArrays {
  count: number;
  total: number;
  min: number;
  max: number;
}

/** Value at rank q ∈ [0, 1]; NaN when empty or when q is NaN. */
export function quantileOf(d: DigestView, q: number): number {
  return quantilesOfAscending(d, [q])[0] as number;
}

/** Estimated fraction of values ≤ x; NaN when empty or when x is NaN. */
export function cdfOf(d: DigestView, x: number): number {
  return cdfsOfAscending(d, [x])[0] as number;
}

/**
 * The value at every rank of an ascending `qs`, in one pass: a centroid passed for one rank is
 * passed for every larger one, so the scan resumes where the previous rank stopped and each
 * result is what the rank alone would give.
 */
export function quantilesOfAscending(d: DigestView, qs: readonly number[]): number[] {
  const out = new Array<number>(qs.length);
  const { means, weights, pure: pureFlags, count } = d;
  let i = 0;
  let before = 0;
  let prevX = d.min;
  let prevRank = 0;
  for (let j = 0; j < qs.length; j++) {
    const q = qs[j] as number;
    if (d.count === 0 || Number.isNaN(q)) {
      out[j] = Number.NaN;
      continue;
    }
    if (q <= 0) {
      out[j] = d.min;
      continue;
    }
    if (q >= 1) {
      out[j] = d.max;
      continue;
    }
    const target = q * d.total;
    let result: number | undefined;
    for (; i < count; i++) {
      const mean = means[i] as number;
      const weight = weights[i] as number;
      const pure = pureFlags[i] === 1;
      const left = pure ? before : before + weight / 2;
      const right = pure ? before + weight : left;
      if (target < left) {
        const span = left - prevRank;
        result = span <= 0 ? mean : clamp(prevX + ((target - prevRank) / span) * (mean - prevX), d);
        break;
      }
      if (target <= right) {
        result = mean;
        break;
      }
      prevX = mean;
      prevRank = right;
      before += weight;
    }
    if (result === undefined) {
      const span = d.total - prevRank;
      result = span <= 0 ? d.max : clamp(prevX + ((target - prevRank) / span) * (d.max - prevX), d);
    }
    out[j] = result;
  }
  return out;
}

/** The estimated P(X ≤ x) at every point of an ascending `xs`, in one pass (the same resumption). */
export function cdfsOfAscending(d: DigestView, xs: readonly number[]): number[] {
  const out = new Array<number>(xs.length);
  const { means, weights, pure: pureFlags, count } = d;
  let i = 0;
  let before = 0;
  let prevX = d.min;
  let prevRank = 0;
  for (let j = 0; j < xs.length; j++) {
    const x = xs[j] as number;
    if (d.count === 0 || Number.isNaN(x)) {
      out[j] = Number.NaN;
      continue;
    }
    if (x < d.min) {
      out[j] = 0;
      continue;
    }
    if (x >= d.max) {
      out[j] = 1;
      continue;
    }
    let result: number | undefined;
    for (; i < count; i++) {
      const mean = means[i] as number;
      const weight = weights[i] as number;
      const pure = pureFlags[i] === 1;
      if (x < mean) {
        const left = pure ? before : before + weight / 2;
        result = (prevRank + ((x - prevX) / (mean - prevX)) * (left - prevRank)) / d.total;
        break;
      }
      prevX = mean;
      prevRank = pure ? before + weight : before + weight / 2;
      before += weight;
    }
    out[j] = result ?? (prevRank + ((x - prevX) / (d.max - prevX)) * (d.total - prevRank)) / d.total;
  }
  return out;
}

function clamp(x: number, d: DigestView): number {
  return x < d.min ? d.min : x > d.max ? d.max : x;
}
