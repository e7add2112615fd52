/** A point estimate with a two-sided confidence interval; `significant` when it excludes 0. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface DifferenceInterval extends Interval {
  readonly significant: boolean;
}

/** z for a two-sided 95 % interval (Φ⁻¹(0.975)); callers pass z explicitly so the level is visible. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion k/n. Unlike the Wald interval it stays inside [0, 1]
 * and keeps close to nominal coverage for small n and rates near 0 or 1. n = 0 gives [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z: number): Interval {
  if (n <= 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval (1998, method 10) for p₁ − p₂ of two independent
 * proportions, built from the two Wilson intervals. NaN estimate when either n is 0.
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, z: number): DifferenceInterval {
  if (n1 <= 0 || n2 <= 0) return { estimate: Number.NaN, lower: -1, upper: 1, significant: false };
  const a = wilsonInterval(k1, n1, z);
  const b = wilsonInterval(k2, n2, z);
  const d = a.estimate - b.estimate;
  const lower = d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2);
  const upper = d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2);
  return { estimate: d, lower, upper, significant: lower > 0 || upper < 0 };
}

/**
 * Difference of two proportions measured on the same requests (paired): with b = pairs where
 * only the first is positive and c = only the second, d = (b − c)/n and
 * se = √(b + c − (b − c)²/n) / n (normal approximation).
 */
export function pairedProportionDifference(onlyFirst: number, onlySecond: number, n: number, z: number): DifferenceInterval {
  if (n <= 0) return { estimate: Number.NaN, lower: -1, upper: 1, significant: false };
  const d = (onlyFirst - onlySecond) / n;
  const se = Math.sqrt(Math.max(0, onlyFirst + onlySecond - (onlyFirst - onlySecond) ** 2 / n)) / n;
  const lower = d - z * se;
  const upper = d + z * se;
  return { estimate: d, lower, upper, significant: lower > 0 || upper < 0 };
}
