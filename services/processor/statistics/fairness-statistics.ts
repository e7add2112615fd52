import { metricValue, nullMetric, severityOf, type MetricValue, type Thresholds } from '../../core/drift/index.js';
import { fairnessReport, type FairnessMetric, type GroupConfusionCounts, type Rate } from '../../core/fairness/index.js';
import type { ModelWindowProfile } from '../../core/profile/index.js';
import type { ThresholdLookup } from './metric-thresholds.js';
import type { StatisticsContext } from './statistics-context.js';
import { statisticOf, type WindowStatistic } from './window-statistic.js';

const DECISION_METRICS = ['disparate_impact', 'statistical_parity_difference'] as const satisfies readonly FairnessMetric[];
const OUTCOME_METRICS = ['equal_opportunity_difference', 'equalized_odds_difference', 'predictive_parity_difference', 'accuracy_difference'] as const satisfies readonly FairnessMetric[];

/** The configured privileged group, else the largest group (ties: first by name). */
export function privilegedGroupOf(counts: GroupConfusionCounts, attribute: string, configured: string | undefined): string | undefined {
  if (configured !== undefined) return configured;
  let best: { group: string; n: number } | undefined;
  for (const group of counts.groupNames(attribute)) {
    const n = counts.counts(attribute, group).n;
    if (best === undefined || n > best.n) best = { group, n };
  }
  return best?.group;
}

/** A group rate as a statistic, judged only if someone configured thresholds for it. */
function rateValue(metric: string, rate: Rate, thresholds: Thresholds | undefined): MetricValue {
  if (rate.value === null) return nullMetric(metric, rate.reason ?? 'undefined');
  const value = metricValue(metric, rate.value, undefined);
  return thresholds === undefined ? value : { ...value, severity: severityOf(rate.value, thresholds) };
}

function attributeRows(
  counts: GroupConfusionCounts,
  attribute: string,
  kind: 'prediction' | 'label',
  context: StatisticsContext,
): WindowStatistic[] {
  const lookup: ThresholdLookup = context.thresholds;
  const privileged = privilegedGroupOf(counts, attribute, context.privilegedGroups[attribute]);
  if (privileged === undefined) return [];
  const metrics = kind === 'prediction' ? DECISION_METRICS : OUTCOME_METRICS;
  const thresholds: Partial<Record<FairnessMetric, Thresholds>> = {};
  for (const m of metrics) {
    const t = lookup.thresholdFor('fairness', m);
    if (t !== undefined) thresholds[m] = t;
  }
  const report = fairnessReport(counts, attribute, {
    privilegedGroup: privileged,
    thresholds,
    ...(context.minGroupCount === undefined ? {} : { minGroupCount: context.minGroupCount }),
  });
  const size = (n: number, labelled: number) => (kind === 'prediction' ? n : labelled);
  const privilegedSize = size(report.privileged.n, report.privileged.labelled);
  const rows: WindowStatistic[] = [];
  const rateRows = (group: string, rates: typeof report.privileged) => {
    const subject = `${attribute}=${group}`;
    const sizes = { sampleSize: size(rates.n, rates.labelled), referenceSize: privilegedSize };
    const named: [string, Rate][] = kind === 'prediction'
      ? [['selection_rate', rates.selectionRate]]
      : [['true_positive_rate', rates.truePositiveRate], ['false_positive_rate', rates.falsePositiveRate]];
    for (const [metric, rate] of named) {
      const t = lookup.thresholdFor('fairness', metric);
      rows.push(statisticOf('fairness', subject, metric, rateValue(metric, rate, t), t, sizes));
    }
  };
  rateRows(privileged, report.privileged);
  for (const comparison of report.comparisons) {
    rateRows(comparison.group, comparison.rates);
    const sizes = { sampleSize: size(comparison.rates.n, comparison.rates.labelled), referenceSize: privilegedSize };
    for (const m of metrics) {
      rows.push(statisticOf('fairness', `${attribute}=${comparison.group}`, m, comparison.metrics[m], thresholds[m], sizes));
    }
  }
  return rows;
}

/**
 * Per protected attribute and group ('attribute=group'): selection rates, disparate impact and
 * statistical parity difference from every prediction (prediction windows), or TPR, FPR and the
 * outcome differences from joined pairs (label windows). Each group is compared with the
 * privileged group; comparisons below the minimum group size are no_data.
 */
export function fairnessStatistics(profile: ModelWindowProfile, kind: 'prediction' | 'label', context: StatisticsContext): WindowStatistic[] {
  if (profile.settings.positiveLabel === null) return [];
  const counts = kind === 'prediction' ? profile.decisionGroups : profile.outcomeGroups;
  return profile.settings.protectedAttributes.flatMap((attribute) => attributeRows(counts, attribute, kind, context));
}
