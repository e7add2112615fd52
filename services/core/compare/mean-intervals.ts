import type { SampleMoments } from '../profile/profile-parts.js';
import type { DifferenceInterval } from './proportion-intervals.js';

/** Normal-approximation interval for a mean (e.g. of paired score differences). */
export function meanInterval(sample: SampleMoments, z: number): DifferenceInterval {
  if (sample.n < 2) return { estimate: sample.n === 1 ? sample.mean : Number.NaN, lower: Number.NaN, upper: Number.NaN, significant: false };
  const se = Math.sqrt(sample.sampleVariance / sample.n);
  return withinZ(sample.mean, se, z);
}

/** Normal-approximation (Welch standard error) interval for mean(a) − mean(b) of independent samples. */
export function meanDifference(a: SampleMoments, b: SampleMoments, z: number): DifferenceInterval {
  if (a.n < 2 || b.n < 2) return { estimate: a.mean - b.mean, lower: Number.NaN, upper: Number.NaN, significant: false };
  const se = Math.sqrt(a.sampleVariance / a.n + b.sampleVariance / b.n);
  return withinZ(a.mean - b.mean, se, z);
}

function withinZ(estimate: number, se: number, z: number): DifferenceInterval {
  const lower = estimate - z * se;
  const upper = estimate + z * se;
  return { estimate, lower, upper, significant: lower > 0 || upper < 0 };
}
