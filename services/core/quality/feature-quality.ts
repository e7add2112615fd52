import type { MetricValue } from '../drift/metric-value.js';
import type { FeatureProfile } from '../sketches/index.js';
import { missingRate, newCategoryRate, outOfRangeRate, typeErrorRate } from './quality-rates.js';

export interface FeatureQualityReport {
  readonly missingRate: MetricValue;
  readonly typeErrorRate: MetricValue;
  /** Numeric features only. */
  readonly outOfRangeRate?: MetricValue;
  /** Categorical features only. */
  readonly newCategoryRate?: MetricValue;
}

/** The data-quality rates of a current feature profile, judged against a reference profile. */
export function featureQuality(reference: FeatureProfile, current: FeatureProfile): FeatureQualityReport {
  const base = { missingRate: missingRate(current), typeErrorRate: typeErrorRate(current) };
  if (current.digest !== undefined) {
    const range = reference.digest ?? { min: Number.NaN, max: Number.NaN };
    return { ...base, outOfRangeRate: outOfRangeRate(current.digest, range) };
  }
  if (current.categories !== undefined) {
    const known = (reference.categories?.entries() ?? []).map(([category]) => category);
    return { ...base, newCategoryRate: newCategoryRate(known, current.categories.entries()) };
  }
  return base;
}
