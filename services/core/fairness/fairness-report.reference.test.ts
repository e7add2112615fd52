import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/fairness_reference.json' with { type: 'json' };
import type { FairnessMetric } from './fairness-defaults.js';
import { fairnessReport } from './fairness-report.js';
import { GroupConfusionCounts } from './group-confusion-counts.js';
import type { GroupRates } from './group-rates.js';

type Case = (typeof fixture.cases)[keyof typeof fixture.cases];

function countsOf(c: Case): GroupConfusionCounts {
  const counts = new GroupConfusionCounts();
  c.rows.group.forEach((group, i) => counts.add('attr', group, c.rows.y_pred[i], c.rows.y_true[i]));
  return counts;
}

function expectClose(actual: number | null, expected: number | null | undefined, label: string): void {
  if (expected === null || expected === undefined) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs(actual! - expected) / scale, label).toBeLessThan(1e-9);
}

function expectRates(rates: GroupRates, expected: Record<string, number | null>, label: string): void {
  expect(rates.n).toBe(expected['count']);
  expectClose(rates.selectionRate.value, expected['selection_rate'], `${label} selection rate`);
  expectClose(rates.truePositiveRate.value, expected['tpr'], `${label} TPR`);
  expectClose(rates.falsePositiveRate.value, expected['fpr'], `${label} FPR`);
  expectClose(rates.positivePredictiveValue.value, expected['ppv'], `${label} PPV`);
  expectClose(rates.accuracy.value, expected['accuracy'], `${label} accuracy`);
}

describe('fairness metrics against fairlearn and sklearn', () => {
  for (const [name, c] of Object.entries(fixture.cases) as [string, Case][]) {
    it(`matches per-group rates and unprivileged − privileged differences on the ${name} case`, () => {
      const report = fairnessReport(countsOf(c), 'attr', { privilegedGroup: c.privileged });
      const byGroup = c.by_group as Record<string, Record<string, number | null>>;
      expectRates(report.privileged, byGroup[c.privileged]!, c.privileged);
      const expected = c.comparisons as Record<string, Record<FairnessMetric, number | null>>;
      expect(report.comparisons.map((g) => g.group)).toEqual(Object.keys(expected).sort());
      for (const comparison of report.comparisons) {
        expectRates(comparison.rates, byGroup[comparison.group]!, comparison.group);
        for (const [metric, value] of Object.entries(expected[comparison.group]!)) {
          expectClose(comparison.metrics[metric as FairnessMetric].value, value, `${comparison.group} ${metric}`);
        }
      }
    });
  }

  it("agrees with fairlearn's unsigned max − min summaries when there are two groups", () => {
    const c = fixture.cases.two_groups;
    const [comparison] = fairnessReport(countsOf(c), 'attr', { privilegedGroup: c.privileged }).comparisons;
    expectClose(Math.abs(comparison!.metrics.statistical_parity_difference.value!), c.fairlearn_demographic_parity_difference, 'demographic parity');
    expectClose(comparison!.metrics.equalized_odds_difference.value, c.fairlearn_equalized_odds_difference, 'equalized odds');
  });

  it('lets the worst of several groups drive the state', () => {
    const c = fixture.cases.three_groups;
    const report = fairnessReport(countsOf(c), 'attr', { privilegedGroup: c.privileged });
    const group = (name: string) => report.comparisons.find((g) => g.group === name)!;
    // Group c's disparate impact is below four fifths; b's is between 0.8 and 0.9 but its differences exceed 0.1.
    expect(group('c').metrics.disparate_impact.severity).toBe('critical');
    expect(group('b').metrics.disparate_impact.severity).toBe('warn');
    expect(report.severity).toBe('critical');
  });

  it('flags a group below the minimum count as insufficient data and never alerts on it', () => {
    const c = fixture.cases.small_group;
    const report = fairnessReport(countsOf(c), 'attr', { privilegedGroup: c.privileged });
    const [tiny] = report.comparisons;
    expect(tiny!.insufficientData).toBe(true);
    expect(tiny!.severity).toBe('insufficient_data');
    expect(tiny!.metrics.accuracy_difference.value).not.toBeNull();
    expect(tiny!.metrics.accuracy_difference.severity).toBe('insufficient_data');
    expect(report.severity).toBe('insufficient_data');
  });

  it('reports undefined rates as null with a reason where fairlearn reports 0', () => {
    const c = fixture.cases.no_positive_labels;
    const [u] = fairnessReport(countsOf(c), 'attr', { privilegedGroup: c.privileged }).comparisons;
    expect(u!.rates.truePositiveRate.reason).toBe('the group has no positive labels');
    expect(u!.metrics.equal_opportunity_difference.value).toBeNull();
    expect(u!.metrics.equal_opportunity_difference.reason).toMatch(/no positive labels/);
    expect(u!.metrics.predictive_parity_difference.value).toBeNull();
  });
});
