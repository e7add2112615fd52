import type { QuantileSketch } from './quantile-sketch.js';

/**
 * The exact QuantileSketch over raw values, the answer the t-digest approximates, for tests and
 * small samples: quantile() is numpy's default ("linear", type 7, h = (n − 1)q) interpolation and
 * cdf(x) is the exact fraction of values ≤ x. Non-finite values are ignored, as in the t-digest.
 */
export class ExactQuantiles implements QuantileSketch {
  private readonly sorted: Float64Array;

  constructor(values: Iterable<number>) {
    this.sorted = Float64Array.from([...values].filter((x) => Number.isFinite(x))).sort();
  }

  get count(): number {
    return this.sorted.length;
  }

  get min(): number {
    return this.sorted.length === 0 ? Number.NaN : (this.sorted[0] as number);
  }

  get max(): number {
    return this.sorted.length === 0 ? Number.NaN : (this.sorted[this.sorted.length - 1] as number);
  }

  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0 || Number.isNaN(q)) return Number.NaN;
    const position = Math.min(1, Math.max(0, q)) * (n - 1);
    const below = Math.floor(position);
    const lower = this.sorted[below] as number;
    const upper = this.sorted[Math.min(n - 1, below + 1)] as number;
    const t = position - below;
    // numpy's _lerp: interpolate from the nearer end, so results match numpy bit for bit.
    return t >= 0.5 ? upper - (upper - lower) * (1 - t) : lower + (upper - lower) * t;
  }

  cdf(x: number): number {
    if (this.sorted.length === 0 || Number.isNaN(x)) return Number.NaN;
    return this.countAtMost(x) / this.sorted.length;
  }

  /** Number of values strictly below x. */
  countBelow(x: number): number {
    return this.search(x, false);
  }

  /** Number of values ≤ x. */
  countAtMost(x: number): number {
    return this.search(x, true);
  }

  private search(x: number, inclusive: boolean): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const value = this.sorted[middle] as number;
      if (value < x || (inclusive && value === x)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Every distinct value: the cdf is a step function, flat between them. */
  cdfBreakpoints(): number[] {
    const points: number[] = [];
    for (const x of this.sorted) if (points.length === 0 || x > (points[points.length - 1] as number)) points.push(x);
    return points;
  }
}
