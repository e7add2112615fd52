import { cdfsAscending, type QuantileSketch } from '../sketches/quantile-sketch.js';
import { ascendingUnion } from './ascending-union.js';

/**
 * d(x) = F_R(x) − F_C(x) for two sketches that describe their cdfs by breakpoints: d is then
 * linear between neighbouring points of the union of both breakpoint lists, so its values at
 * those points and its limits just below them describe it completely. KS and Wasserstein read it
 * exactly, with about four cdf reads per centroid instead of a grid of thousands of ranks.
 */
export interface CdfDifference {
  /** Ascending distinct points: the union of both sketches' breakpoints. d is 0 outside them. */
  readonly points: Float64Array;
  /** d at each point (cdfs are right-continuous, so this is also the limit from the right). */
  readonly at: Float64Array;
  /** The limit of d from the left at each point; 0 at the first. */
  readonly below: Float64Array;
}

/** The difference of the two cdfs, or undefined when either sketch has no breakpoints. */
export function cdfDifference(reference: QuantileSketch, current: QuantileSketch): CdfDifference | undefined {
  const referencePoints = reference.cdfBreakpoints?.();
  const currentPoints = current.cdfBreakpoints?.();
  if (referencePoints === undefined || currentPoints === undefined) return undefined;
  const points = distinct(ascendingUnion([referencePoints, currentPoints]));
  // Probe each point and the middle of each gap, all ascending, so each cdf is read in one sweep.
  // On a linear piece, the limit at the gap's end is 2·d(middle) − d(start). A gap too narrow
  // to hold a middle (one ulp) is read as flat: its slope cannot move d by a visible amount
  // over a width that adds nothing to an integral.
  const probes: number[] = [];
  const middleOf = new Int32Array(points.length).fill(-1);
  for (let i = 0; i < points.length; i++) {
    const x = points[i] as number;
    if (i > 0) {
      const previous = points[i - 1] as number;
      const middle = previous + (x - previous) / 2;
      if (middle > previous && middle < x) {
        middleOf[i] = probes.length;
        probes.push(middle);
      }
    }
    probes.push(x);
  }
  const referenceCdf = cdfsAscending(reference, probes);
  const currentCdf = cdfsAscending(current, probes);
  const at = new Float64Array(points.length);
  const below = new Float64Array(points.length);
  let probe = 0;
  for (let i = 0; i < points.length; i++) {
    const middle = middleOf[i] as number;
    if (middle >= 0) {
      below[i] = 2 * ((referenceCdf[middle] as number) - (currentCdf[middle] as number)) - (at[i - 1] as number);
      probe = middle + 1;
    } else if (i > 0) {
      below[i] = at[i - 1] as number;
    }
    at[i] = (referenceCdf[probe] as number) - (currentCdf[probe] as number);
    probe += 1;
  }
  return { points: Float64Array.from(points), at, below };
}

/** ∫ |d(x)| dx: each piece is linear, so its integral is exact (split where it changes sign). */
export function integralOfAbsolute(difference: CdfDifference): number {
  const { points, at, below } = difference;
  let sum = 0;
  for (let i = 1; i < points.length; i++) {
    const width = (points[i] as number) - (points[i - 1] as number);
    const start = at[i - 1] as number;
    const end = below[i] as number;
    const a = Math.abs(start);
    const b = Math.abs(end);
    if (a + b === 0) continue;
    sum += start * end >= 0 ? (width * (a + b)) / 2 : (width * (a * a + b * b)) / (2 * (a + b));
  }
  return sum;
}

/** sup |d(x)|: a linear piece is largest at one of its ends, so the sup is at a point or just below one. */
export function supremumOfAbsolute(difference: CdfDifference): number {
  let sup = 0;
  for (let i = 0; i < difference.points.length; i++) {
    sup = Math.max(sup, Math.abs(difference.at[i] as number), Math.abs(difference.below[i] as number));
  }
  return sup;
}

function distinct(ascending: readonly number[]): number[] {
  const out: number[] = [];
  for (const x of ascending) if (out.length === 0 || x > (out[out.length - 1] as number)) out.push(x);
  return out;
}
