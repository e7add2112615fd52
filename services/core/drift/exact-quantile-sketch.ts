import type { QuantileSketch } from '../sketches/quantile-sketch.js';

/**
 * A `QuantileSketch` that keeps every finite value sorted: the exact answer the t-digest
 * approximates. Quantiles interpolate linearly like numpy's default ('linear', h = (n − 1)q);
 * `cdf(x)` is the fraction of values ≤ x. Meant for tests and small windows.
 */
export class ExactQuantileSketch implements QuantileSketch {
  private readonly sorted: Float64Array;

  constructor(values: Iterable<number>) {
    const finite: number[] = [];
    for (const v of values) if (Number.isFinite(v)) finite.push(v);
    this.sorted = Float64Array.from(finite).sort();
  }

  get count(): number {
    return this.sorted.length;
  }

  get min(): number {
    return this.sorted.length === 0 ? Number.NaN : (this.sorted[0] ?? Number.NaN);
  }

  get max(): number {
    return this.sorted.length === 0 ? Number.NaN : (this.sorted[this.sorted.length - 1] ?? Number.NaN);
  }

  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0 || Number.isNaN(q)) return Number.NaN;
    const h = (n - 1) * Math.min(1, Math.max(0, q));
    const lo = Math.floor(h);
    const a = this.sorted[lo] ?? Number.NaN;
    const b = this.sorted[Math.min(lo + 1, n - 1)] ?? Number.NaN;
    const t = h - lo;
    // numpy's _lerp: interpolate from the nearer end so results match it bit for bit.
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }

  cdf(x: number): number {
    const n = this.sorted.length;
    if (n === 0 || Number.isNaN(x)) return Number.NaN;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] ?? Number.NaN) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / n;
  }

  /** Every distinct value: the cdf is a step function, flat between them. */
  cdfBreakpoints(): number[] {
    const points: number[] = [];
    for (const x of this.sorted) if (points.length === 0 || x > (points[points.length - 1] as number)) points.push(x);
    return points;
  }
}
