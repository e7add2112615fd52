import type { CategoricalCounts, FeatureProfile } from '../sketches/index.js';
import { categoricalDrift, OTHER_CATEGORY, type CategoricalDriftReport } from './categorical-drift.js';
import type { DriftOptions } from './drift-defaults.js';
import { nullMetric, type MetricValue } from './metric-value.js';
import { numericDrift, pickNumericMetric, type NumericDriftMetric, type NumericDriftReport } from './numeric-drift.js';

export type CategoricalDriftMetric = 'l_infinity' | 'jensen_shannon' | 'chi_square';

export interface FeatureDriftOptions extends DriftOptions {
  /** The metric the dataset drift share counts for numeric features (default PSI). */
  readonly numericMetric?: NumericDriftMetric;
  /** The metric the dataset drift share counts for categorical features (default Jensen–Shannon). */
  readonly categoricalMetric?: CategoricalDriftMetric;
}

export type FeatureDriftReport =
  | { readonly kind: 'numeric'; readonly report: NumericDriftReport; readonly primary: MetricValue }
  | { readonly kind: 'categorical'; readonly report: CategoricalDriftReport; readonly primary: MetricValue }
  | { readonly kind: 'unknown'; readonly primary: MetricValue };

function pickCategorical(report: CategoricalDriftReport, metric: CategoricalDriftMetric): MetricValue {
  switch (metric) {
    case 'l_infinity':
      return report.lInfinity;
    case 'jensen_shannon':
      return report.jensenShannon;
    case 'chi_square':
      return report.chiSquare;
  }
}

function countsWithOther(counts: CategoricalCounts): Map<string, number> {
  const map = new Map(counts.entries());
  if (counts.other > 0) map.set(OTHER_CATEGORY, counts.other);
  return map;
}

/**
 * Drift of one feature between a reference profile and a current window's profile, with the
 * primary metric that the dataset drift share counts. Kinds that disagree are not compared.
 */
export function featureDrift(reference: FeatureProfile, current: FeatureProfile, options?: FeatureDriftOptions): FeatureDriftReport {
  if (reference.digest !== undefined && current.digest !== undefined) {
    const report = numericDrift({ sketch: reference.digest, std: reference.moments?.std ?? Number.NaN }, current.digest, options);
    return { kind: 'numeric', report, primary: pickNumericMetric(report, options?.numericMetric ?? 'psi') };
  }
  if (reference.categories !== undefined && current.categories !== undefined) {
    const report = categoricalDrift(countsWithOther(reference.categories), countsWithOther(current.categories), options);
    return { kind: 'categorical', report, primary: pickCategorical(report, options?.categoricalMetric ?? 'jensen_shannon') };
  }
  const reason = reference.kind === undefined || current.kind === undefined
    ? 'the feature kind is not known yet on one side'
    : `the reference is ${reference.kind} but the current window is ${current.kind}`;
  return { kind: 'unknown', primary: nullMetric('drift', reason) };
}
