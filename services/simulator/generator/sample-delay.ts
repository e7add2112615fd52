import type { Rng } from '../random/rng.js';
import type { DelaySpec } from '../spec/fleet-spec.js';

/** A label delay in milliseconds. */
export function sampleDelay(delay: DelaySpec, rng: Rng): number {
  return delay.kind === 'exponential' ? rng.exponential(delay.meanMs) : rng.lognormal(delay.mu, delay.sigma);
}

/** The mean and sd of a delay distribution, for ground truth and sampling tolerances. */
export function delayMoments(delay: DelaySpec): { mean: number; sd: number } {
  if (delay.kind === 'exponential') return { mean: delay.meanMs, sd: delay.meanMs };
  const s2 = delay.sigma * delay.sigma;
  return { mean: Math.exp(delay.mu + s2 / 2), sd: Math.sqrt((Math.exp(s2) - 1) * Math.exp(2 * delay.mu + s2)) };
}
