import type { NumericFeatureSpec } from './fleet-spec.js';

/** Exact mean and sd of a numeric feature's undrifted distribution, for standardising and for drift sizes. */
export function featureMoments(feature: NumericFeatureSpec): { mean: number; sd: number } {
  switch (feature.kind) {
    case 'normal':
      return { mean: feature.mean, sd: feature.sd };
    case 'lognormal': {
      const s2 = feature.sigma * feature.sigma;
      return {
        mean: Math.exp(feature.mu + s2 / 2),
        sd: Math.sqrt((Math.exp(s2) - 1) * Math.exp(2 * feature.mu + s2)),
      };
    }
    case 'bimodal': {
      const [a, b] = feature.modes;
      const w = feature.weight;
      const gap = a - b;
      return { mean: w * a + (1 - w) * b, sd: Math.sqrt(feature.sd * feature.sd + w * (1 - w) * gap * gap) };
    }
  }
}
