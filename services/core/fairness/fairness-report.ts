import { metricValue, nullMetric, worstSeverity, type MetricValue, type Severity } from '../drift/metric-value.js';
import { DEFAULT_MIN_GROUP_COUNT, FAIRNESS_THRESHOLDS, type FairnessConfig, type FairnessMetric } from './fairness-defaults.js';
import type { GroupConfusionCounts } from './group-confusion-counts.js';
import { groupRates, type GroupRates, type Rate } from './group-rates.js';

export interface GroupComparison {
  readonly group: string;
  readonly rates: GroupRates;
  /** The group (or the privileged group) has fewer predictions than the minimum: no alert. */
  readonly insufficientData: boolean;
  /** Unprivileged − privileged differences, and the ratio of selection rates. */
  readonly metrics: Readonly<Record<FairnessMetric, MetricValue>>;
  readonly severity: Severity;
}

export interface FairnessReport {
  readonly attribute: string;
  readonly privilegedGroup: string;
  readonly privileged: GroupRates;
  readonly comparisons: readonly GroupComparison[];
  /** The worst severity over all comparisons: the state of this attribute. */
  readonly severity: Severity;
}

type Judge = (metric: FairnessMetric, value: number | null, reason: string | undefined, enough: boolean) => MetricValue;

function difference(u: Rate, p: Rate, name: string): { value: number | null; reason?: string } {
  if (u.value === null) return { value: null, reason: `unprivileged ${name}: ${u.reason ?? 'undefined'}` };
  if (p.value === null) return { value: null, reason: `privileged ${name}: ${p.reason ?? 'undefined'}` };
  return { value: u.value - p.value };
}

function compareMetrics(u: GroupRates, p: GroupRates, judge: Judge, minCount: number): Record<FairnessMetric, MetricValue> {
  const enoughPredictions = u.n >= minCount && p.n >= minCount;
  const enoughLabels = u.labelled >= minCount && p.labelled >= minCount;
  const sr = difference(u.selectionRate, p.selectionRate, 'selection rate');
  const tpr = difference(u.truePositiveRate, p.truePositiveRate, 'true positive rate');
  const fpr = difference(u.falsePositiveRate, p.falsePositiveRate, 'false positive rate');
  const ppv = difference(u.positivePredictiveValue, p.positivePredictiveValue, 'positive predictive value');
  const acc = difference(u.accuracy, p.accuracy, 'accuracy');
  const odds = tpr.value === null || fpr.value === null
    ? { value: null, reason: tpr.reason ?? fpr.reason }
    : { value: Math.max(Math.abs(tpr.value), Math.abs(fpr.value)) };
  const ratio = sr.value === null || p.selectionRate.value === null || u.selectionRate.value === null
    ? { value: null, reason: sr.reason }
    : p.selectionRate.value === 0
      ? { value: null, reason: 'the privileged selection rate is 0' }
      : { value: u.selectionRate.value / p.selectionRate.value };
  return {
    disparate_impact: judge('disparate_impact', ratio.value, ratio.reason, enoughPredictions),
    statistical_parity_difference: judge('statistical_parity_difference', sr.value, sr.reason, enoughPredictions),
    equal_opportunity_difference: judge('equal_opportunity_difference', tpr.value, tpr.reason, enoughLabels),
    equalized_odds_difference: judge('equalized_odds_difference', odds.value, odds.reason, enoughLabels),
    predictive_parity_difference: judge('predictive_parity_difference', ppv.value, ppv.reason, enoughLabels),
    accuracy_difference: judge('accuracy_difference', acc.value, acc.reason, enoughLabels),
  };
}

/**
 * Compares every group of `attribute` with the configured privileged group. Empty groups and zero
 * denominators give null values with a reason; small groups keep their values but are marked
 * `insufficient_data` and never alert.
 */
export function fairnessReport(counts: GroupConfusionCounts, attribute: string, config: FairnessConfig): FairnessReport {
  const minCount = config.minGroupCount ?? DEFAULT_MIN_GROUP_COUNT;
  const judge: Judge = (metric, value, reason, enough) => {
    if (value === null) return nullMetric(metric, reason ?? 'undefined');
    const judged = metricValue(metric, value, config.thresholds?.[metric] ?? FAIRNESS_THRESHOLDS[metric]);
    return enough || judged.value === null ? judged : { ...judged, severity: 'insufficient_data', reason: `fewer than ${minCount} observations in a group` };
  };
  const privileged = groupRates(counts.counts(attribute, config.privilegedGroup));
  const groups = new Set([...counts.groupNames(attribute), ...(config.expectedGroups ?? [])]);
  groups.delete(config.privilegedGroup);
  const comparisons = [...groups].sort().map((group): GroupComparison => {
    const rates = groupRates(counts.counts(attribute, group));
    const metrics = compareMetrics(rates, privileged, judge, minCount);
    const insufficientData = rates.n < minCount || privileged.n < minCount;
    const severity = insufficientData ? 'insufficient_data' : worstSeverity(Object.values(metrics).map((m) => m.severity));
    return { group, rates, insufficientData, metrics, severity };
  });
  const severity = comparisons.length > 0 && comparisons.every((c) => c.insufficientData)
    ? 'insufficient_data'
    : worstSeverity(comparisons.map((c) => c.severity));
  return { attribute, privilegedGroup: config.privilegedGroup, privileged, comparisons, severity };
}

/** One report per configured protected attribute, in attribute name order. */
export function fairnessReports(counts: GroupConfusionCounts, configs: Readonly<Record<string, FairnessConfig>>): FairnessReport[] {
  return Object.keys(configs)
    .sort()
    .flatMap((attribute) => {
      const config = configs[attribute];
      return config === undefined ? [] : [fairnessReport(counts, attribute, config)];
    });
}
