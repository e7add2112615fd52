import { describe, expect, it } from 'vitest';
import { TDigest } from '../sketches/index.js';
import type { QuantileSketch } from '../sketches/quantile-sketch.js';
import { seededUniform } from '../sketches/testing/sample-distributions.js';
import { cdfDifference, integralOfAbsolute, supremumOfAbsolute } from './cdf-difference.js';
import { ExactQuantiles } from '../sketches/exact-quantiles.js';
import { ksStatistic, ksStatisticOnGrid } from './ks.js';
import { wassersteinDistance, wassersteinDistanceOnGrid } from './wasserstein.js';

function digestOf(values: readonly number[]): TDigest {
  const digest = new TDigest();
  for (const v of values) digest.add(v);
  return digest;
}

function sample(n: number, seed: number, draw: (u: number, v: number) => number): number[] {
  const random = seededUniform(seed);
  return Array.from({ length: n }, () => draw(random(), random()));
}

/** The same sketch without its breakpoints, so the metrics take the grid path. */
function withoutBreakpoints(sketch: QuantileSketch): QuantileSketch {
  return {
    count: sketch.count,
    min: sketch.min,
    max: sketch.max,
    quantile: (q) => sketch.quantile(q),
    cdf: (x) => sketch.cdf(x),
  };
}

const normal = (u: number, v: number): number => Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);

describe('the difference of two cdfs described by breakpoints', () => {
  it('integrates to what a grid of 200,001 ranks converges to for two t-digests whose cdfs cross', () => {
    // Wider and shifted: the cdfs cross, so pieces change sign.
    const reference = digestOf(sample(50_000, 1, normal));
    const current = digestOf(sample(50_000, 2, (u, v) => 0.3 + 1.5 * normal(u, v)));
    const exact = wassersteinDistance(reference, current);
    const fine = wassersteinDistanceOnGrid(reference, current, 200_001);
    expect(Math.abs(exact - fine) / fine).toBeLessThan(1e-4);
    expect(Math.abs(ksStatistic(reference, current) - ksStatisticOnGrid(reference, current, 200_001))).toBeLessThan(1e-4);
  });

  it('reads point masses (pure centroids) as jumps, like the grid does', () => {
    const ties = (u: number): number => Math.round(u * 5);
    const reference = digestOf(sample(20_000, 3, ties));
    const current = digestOf(sample(20_000, 4, (u) => ties(u * u)));
    const fine = wassersteinDistanceOnGrid(reference, current, 200_001);
    expect(Math.abs(wassersteinDistance(reference, current) - fine) / fine).toBeLessThan(1e-4);
    expect(Math.abs(ksStatistic(reference, current) - ksStatisticOnGrid(reference, current, 200_001))).toBeLessThan(1e-4);
  });

  it('gives the exact two-sample statistics of sorted arrays, equal to sums over their merged values', () => {
    const a = sample(300, 5, normal);
    const b = sample(200, 6, (u, v) => 0.5 + normal(u, v));
    const reference = new ExactQuantiles(a);
    const current = new ExactQuantiles(b);
    // The textbook computation: both empirical cdfs are flat between the sorted merged values.
    const merged = [...a, ...b].sort((x, y) => x - y);
    const ecdf = (values: readonly number[], x: number): number => values.filter((v) => v <= x).length / values.length;
    let w1 = 0;
    let ks = 0;
    for (let i = 0; i < merged.length; i++) {
      const x = merged[i] as number;
      const d = Math.abs(ecdf(a, x) - ecdf(b, x));
      ks = Math.max(ks, d);
      if (i + 1 < merged.length) w1 += d * ((merged[i + 1] as number) - x);
    }
    expect(Math.abs(wassersteinDistance(reference, current) - w1) / w1).toBeLessThan(1e-12);
    expect(ksStatistic(reference, current)).toBeCloseTo(ks, 14);
  });

  it('is zero for a sketch against itself and symmetric in its arguments', () => {
    const reference = digestOf(sample(5_000, 7, normal));
    const current = digestOf(sample(5_000, 8, (u, v) => 2 * normal(u, v)));
    expect(wassersteinDistance(reference, reference)).toBe(0);
    expect(ksStatistic(reference, reference)).toBe(0);
    expect(wassersteinDistance(current, reference)).toBeCloseTo(wassersteinDistance(reference, current), 12);
    expect(ksStatistic(current, reference)).toBeCloseTo(ksStatistic(reference, current), 12);
  });

  it('falls back to the rank grid when a sketch has no breakpoints', () => {
    const reference = digestOf(sample(5_000, 9, normal));
    const current = digestOf(sample(5_000, 10, (u, v) => 1 + normal(u, v)));
    const hidden = withoutBreakpoints(reference);
    expect(cdfDifference(hidden, current)).toBeUndefined();
    expect(wassersteinDistance(hidden, current)).toBe(wassersteinDistanceOnGrid(reference, current));
    expect(ksStatistic(hidden, current)).toBe(ksStatisticOnGrid(reference, current));
  });

  it('stays finite when neighbouring breakpoints are one ulp apart', () => {
    const x = 1;
    const next = x + Number.EPSILON;
    const reference = new ExactQuantiles([x, next, next]);
    const current = new ExactQuantiles([x, x, next]);
    const difference = cdfDifference(reference, current)!;
    expect(Array.from(difference.points)).toEqual([x, next]);
    // cdfs 1/3 and 2/3 at x, both 1 at next: a jump, not a slope, separates the two points.
    expect(supremumOfAbsolute(difference)).toBeCloseTo(1 / 3, 15);
    expect(integralOfAbsolute(difference)).toBeCloseTo(Number.EPSILON / 3, 30);
  });
});
