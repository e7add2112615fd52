import {
  categoricalDrift,
  datasetDriftShare,
  featureDrift,
  numericDrift,
  OTHER_CATEGORY,
  type CategoricalDriftReport,
  type DriftOptions,
  type DriftThresholdName,
  type MetricValue,
  type NumericDriftReport,
  type Thresholds,
} from '../../core/drift/index.js';
import type { ModelWindowProfile, NumberSummary } from '../../core/profile/index.js';
import type { ThresholdLookup } from './metric-thresholds.js';
import { digestOf, featureProfileOf } from './sketch-access.js';
import { missingStatistic, statisticOf, type StatisticFamily, type StatisticSizes, type WindowStatistic } from './window-statistic.js';

export const NUMERIC_DRIFT_METRICS = ['psi', 'ks_statistic', 'jensen_shannon', 'wasserstein_normed', 'hellinger'] as const;
export const CATEGORICAL_DRIFT_METRICS = ['chi_square', 'l_infinity', 'jensen_shannon'] as const;
const THRESHOLD_NAMES: readonly DriftThresholdName[] = ['psi', 'ks_statistic', 'p_value', 'jensen_shannon', 'wasserstein_normed', 'hellinger', 'l_infinity', 'drift_share'];
const NO_REFERENCE = 'the model has no reference profile yet';

/** The core's drift options with the thresholds in force for a family. */
export function driftOptions(thresholds: ThresholdLookup, family: StatisticFamily): DriftOptions {
  const resolved: Partial<Record<DriftThresholdName, Thresholds>> = {};
  for (const name of THRESHOLD_NAMES) {
    const t = thresholds.thresholdFor(family, name);
    if (t !== undefined) resolved[name] = t;
  }
  return { thresholds: resolved };
}

/** A test statistic judged by its p-value (small samples) gets a p-value row beside it. */
function testRows(
  family: StatisticFamily,
  subject: string,
  metric: 'ks_statistic' | 'chi_square',
  value: MetricValue,
  options: DriftOptions,
  sizes: StatisticSizes,
  lookup: ThresholdLookup,
): WindowStatistic[] {
  const pValue = value.detail?.['p_value'] ?? null;
  if (pValue === null) {
    return [statisticOf(family, subject, metric, value, metric === 'ks_statistic' ? options.thresholds?.ks_statistic : undefined, sizes)];
  }
  const pThresholds = lookup.thresholdFor(family, `${metric === 'ks_statistic' ? 'ks' : 'chi_square'}_p_value`) ?? options.thresholds?.p_value;
  const judged = { ...statisticOf(family, subject, metric, value, undefined, sizes), thresholdRule: 'p_value' };
  const pRow = statisticOf(family, subject, `${metric === 'ks_statistic' ? 'ks' : 'chi_square'}_p_value`, { ...value, metric: 'p_value', value: pValue }, pThresholds, sizes);
  return [judged, pRow];
}

function numericRows(family: StatisticFamily, subject: string, report: NumericDriftReport, options: DriftOptions, sizes: StatisticSizes, lookup: ThresholdLookup): WindowStatistic[] {
  const t = options.thresholds;
  return [
    statisticOf(family, subject, 'psi', report.psi, t?.psi, sizes),
    ...testRows(family, subject, 'ks_statistic', report.ks, options, sizes, lookup),
    statisticOf(family, subject, 'jensen_shannon', report.jensenShannon, t?.jensen_shannon, sizes),
    statisticOf(family, subject, 'wasserstein_normed', report.wassersteinNormed, t?.wasserstein_normed, sizes),
    statisticOf(family, subject, 'hellinger', report.hellinger, t?.hellinger, sizes),
  ];
}

function categoricalRows(family: StatisticFamily, subject: string, report: CategoricalDriftReport, options: DriftOptions, sizes: StatisticSizes, lookup: ThresholdLookup): WindowStatistic[] {
  const t = options.thresholds;
  return [
    ...testRows(family, subject, 'chi_square', report.chiSquare, options, sizes, lookup),
    statisticOf(family, subject, 'l_infinity', report.lInfinity, t?.l_infinity, sizes),
    statisticOf(family, subject, 'jensen_shannon', report.jensenShannon, t?.jensen_shannon, sizes),
  ];
}

function missingRows(family: StatisticFamily, subject: string, metrics: readonly string[], reason: string, sizes: StatisticSizes): WindowStatistic[] {
  return metrics.map((metric) => missingStatistic(family, subject, metric, reason, sizes));
}

/** Per-feature drift (numeric or categorical metrics by kind) and the dataset drift share. */
export function featureDriftStatistics(current: ModelWindowProfile, reference: ModelWindowProfile | null, lookup: ThresholdLookup): WindowStatistic[] {
  const options = driftOptions(lookup, 'drift');
  const rows: WindowStatistic[] = [];
  const primaries: MetricValue[] = [];
  for (const name of [...current.features.keys()].sort()) {
    const mine = featureProfileOf(current.features.get(name));
    if (mine?.kind === undefined) continue;
    const metrics = mine.kind === 'numeric' ? NUMERIC_DRIFT_METRICS : CATEGORICAL_DRIFT_METRICS;
    const theirs = reference === null ? undefined : featureProfileOf(reference.features.get(name));
    const sizes = { sampleSize: mine.valid, referenceSize: theirs?.valid ?? 0 };
    if (reference === null || theirs === undefined) {
      rows.push(...missingRows('drift', name, metrics, reference === null ? NO_REFERENCE : 'the reference has no values of this feature', sizes));
      continue;
    }
    const report = featureDrift(theirs, mine, options);
    primaries.push(report.primary);
    if (report.kind === 'numeric') rows.push(...numericRows('drift', name, report.report, options, sizes, lookup));
    else if (report.kind === 'categorical') rows.push(...categoricalRows('drift', name, report.report, options, sizes, lookup));
    else rows.push(...missingRows('drift', name, metrics, report.primary.reason ?? 'the kinds differ', sizes));
  }
  const share = reference === null ? null : datasetDriftShare(primaries, options);
  const evaluated = share?.detail?.['features'] ?? 0;
  const shareSizes = { sampleSize: evaluated, referenceSize: reference === null ? 0 : reference.features.size };
  rows.push(share === null ? missingStatistic('drift', '', 'drift_share', NO_REFERENCE, shareSizes) : statisticOf('drift', '', 'drift_share', share, options.thresholds?.drift_share, shareSizes));
  return rows;
}

function numberDriftRows(subject: string, current: NumberSummary | null, reference: NumberSummary | null | undefined, lookup: ThresholdLookup): WindowStatistic[] {
  const mine = digestOf(current);
  if (mine === undefined) return [];
  const theirs = digestOf(reference);
  const sizes = { sampleSize: mine.digest.count, referenceSize: theirs?.digest.count ?? 0 };
  if (theirs === undefined) return missingRows('prediction_drift', subject, NUMERIC_DRIFT_METRICS, reference === undefined ? NO_REFERENCE : `the reference has no ${subject} values`, sizes);
  const options = driftOptions(lookup, 'prediction_drift');
  const report = numericDrift({ sketch: theirs.digest, std: theirs.moments.std }, mine.digest, options);
  return numericRows('prediction_drift', subject, report, options, sizes, lookup);
}

function classCounts(profile: ModelWindowProfile): Map<string, number> {
  const counts = new Map(profile.predictedClasses);
  if (profile.classOverflow > 0) counts.set(OTHER_CATEGORY, profile.classOverflow);
  return counts;
}

/**
 * Drift of the model's output: the positive-class score (subject 'score'), the regression value
 * ('value') and the predicted class distribution ('class').
 */
export function predictionDriftStatistics(current: ModelWindowProfile, reference: ModelWindowProfile | null, lookup: ThresholdLookup): WindowStatistic[] {
  const rows = [
    ...numberDriftRows('score', current.positiveScore, reference === null ? undefined : reference.positiveScore, lookup),
    ...numberDriftRows('value', current.predictedValue, reference === null ? undefined : reference.predictedValue, lookup),
  ];
  const mine = classCounts(current);
  if (mine.size === 0) return rows;
  const theirs = reference === null ? null : classCounts(reference);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const sizes = { sampleSize: total(mine), referenceSize: theirs === null ? 0 : total(theirs) };
  if (theirs === null || theirs.size === 0) {
    rows.push(...missingRows('prediction_drift', 'class', CATEGORICAL_DRIFT_METRICS, theirs === null ? NO_REFERENCE : 'the reference has no predicted classes', sizes));
    return rows;
  }
  const options = driftOptions(lookup, 'prediction_drift');
  rows.push(...categoricalRows('prediction_drift', 'class', categoricalDrift(theirs, mine, options), options, sizes, lookup));
  return rows;
}
