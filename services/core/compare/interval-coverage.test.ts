import { describe, expect, it } from 'vitest';
import { newcombeDifference, wilsonInterval, Z_95 } from './proportion-intervals.js';

// Coverage sanity: with a seeded generator, nominal 95 % intervals must contain the true value in
// roughly 95 % of simulated samples. The band (±2.5 points over 2,000 runs, > 5 binomial standard
// errors) catches a wrong formula (e.g. Wald near 0, or a swapped bound) without flaking.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function binomial(n: number, p: number, random: () => number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k += 1;
  return k;
}

const RUNS = 2_000;

describe('interval coverage', () => {
  it.each([
    [0.05, 60],
    [0.3, 200],
  ])('Wilson covers a rate of %f with n = %i about 95 % of the time', (p, n) => {
    const random = mulberry32(42);
    let covered = 0;
    for (let r = 0; r < RUNS; r++) {
      const interval = wilsonInterval(binomial(n, p, random), n, Z_95);
      if (interval.lower <= p && p <= interval.upper) covered += 1;
    }
    expect(Math.abs(covered / RUNS - 0.95)).toBeLessThan(0.025);
  });

  it('Newcombe covers a difference of two rates about 95 % of the time', () => {
    const random = mulberry32(7);
    const [p1, n1, p2, n2] = [0.42, 150, 0.35, 180];
    let covered = 0;
    for (let r = 0; r < RUNS; r++) {
      const interval = newcombeDifference(binomial(n1, p1, random), n1, binomial(n2, p2, random), n2, Z_95);
      if (interval.lower <= p1 - p2 && p1 - p2 <= interval.upper) covered += 1;
    }
    expect(Math.abs(covered / RUNS - 0.95)).toBeLessThan(0.025);
  });

  it('flags a large real difference as significant and identical samples as not significant', () => {
    expect(newcombeDifference(600, 1000, 400, 1000, Z_95).significant).toBe(true);
    expect(newcombeDifference(400, 1000, 400, 1000, Z_95).significant).toBe(false);
  });

  it('returns the whole range for an empty sample instead of NaN bounds', () => {
    expect(wilsonInterval(0, 0, Z_95)).toMatchObject({ lower: 0, upper: 1 });
    expect(newcombeDifference(0, 0, 3, 10, Z_95).significant).toBe(false);
  });
});
