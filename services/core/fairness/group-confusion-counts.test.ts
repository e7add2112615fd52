import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { encodeVersionedJson } from '../accuracy/versioned-json.js';
import { fairnessReport, fairnessReports } from './fairness-report.js';
import { GroupConfusionCounts } from './group-confusion-counts.js';
import { expectSameBytes } from '../sketches/testing/expect-same-bytes.js';

const row = fc.record({
  attribute: fc.constantFrom('sex', 'age'),
  group: fc.constantFrom('a', 'b', 'c'),
  predicted: fc.constantFrom<unknown>(0, 1, true, false, 2, null, 'x'),
  actual: fc.constantFrom<unknown>(0, 1, undefined, null, Number.NaN),
});
type Row = { attribute: string; group: string; predicted: unknown; actual: unknown };

function build(rows: Row[]): GroupConfusionCounts {
  const counts = new GroupConfusionCounts();
  for (const r of rows) counts.add(r.attribute, r.group, r.predicted, r.actual);
  return counts;
}

describe('GroupConfusionCounts', () => {
  it('counts predictions, unlabelled rows and the confusion cells of labelled rows', () => {
    const counts = new GroupConfusionCounts()
      .add('sex', 'f', 1, 1)
      .add('sex', 'f', 1, 0)
      .add('sex', 'f', 0, 1)
      .add('sex', 'f', 0, 0)
      .add('sex', 'f', 1, undefined)
      .add('sex', 'f', 'maybe', 1)
      .add('sex', 'f', 1, Number.POSITIVE_INFINITY);
    expect(counts.counts('sex', 'f')).toEqual({ n: 5, predictedPositive: 3, tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(counts.invalid).toBe(2);
  });

  it('merges like counting all rows at once, in any grouping', () => {
    fc.assert(
      fc.property(fc.array(row), fc.array(row), fc.array(row), (a, b, c) => {
        const whole = build([...a, ...b, ...c]).serialize();
        expectSameBytes(build(a).merge(build(b)).merge(build(c)).serialize(), whole);
        expectSameBytes(build(c).merge(build(b).merge(build(a))).serialize(), whole);
      }),
    );
  });

  it('round-trips through serialize and deserialize', () => {
    fc.assert(
      fc.property(fc.array(row), (rows) => {
        const counts = build(rows);
        const copy = GroupConfusionCounts.deserialize(counts.serialize());
        expectSameBytes(copy.serialize(), counts.serialize());
        expect(copy.invalid).toBe(counts.invalid);
      }),
    );
  });

  it('rejects unknown versions, truncated and inconsistent states with a VigilError', () => {
    const bytes = build([{ attribute: 's', group: 'a', predicted: 1, actual: 1 }]).serialize();
    const corrupt = (b: Uint8Array) => {
      try {
        GroupConfusionCounts.deserialize(b);
        return false;
      } catch (error) {
        return isVigilError(error, 'WINDOW_STATE_CORRUPT');
      }
    };
    expect(corrupt(Uint8Array.of(9, ...bytes.subarray(1)))).toBe(true);
    expect(corrupt(bytes.subarray(0, bytes.length - 3))).toBe(true);
    expect(corrupt(new Uint8Array(0))).toBe(true);
    expect(corrupt(encodeVersionedJson(1, { max: 10, invalid: 0, overflow: 0, attributes: { s: { a: [1, 2, 0, 0, 0, 0] } } }))).toBe(true);
  });

  it('counts rows of groups beyond the maximum as overflow instead of growing without bound', () => {
    const counts = new GroupConfusionCounts({ maxGroupsPerAttribute: 2 }).add('s', 'a', 1).add('s', 'b', 0).add('s', 'c', 1);
    expect(counts.groupNames('s')).toEqual(['a', 'b']);
    expect(counts.overflow).toBe(1);
  });
});

describe('fairness report on degenerate windows', () => {
  it('reports an expected group with no members as null with a reason, without throwing', () => {
    const counts = new GroupConfusionCounts();
    for (let i = 0; i < 40; i++) counts.add('sex', 'm', i % 2, i % 3 === 0 ? 1 : 0);
    const report = fairnessReport(counts, 'sex', { privilegedGroup: 'm', expectedGroups: ['f'] });
    const [f] = report.comparisons;
    expect(f!.group).toBe('f');
    expect(f!.rates.n).toBe(0);
    expect(f!.metrics.disparate_impact.value).toBeNull();
    expect(f!.metrics.disparate_impact.reason).toMatch(/no predictions/);
    expect(f!.severity).toBe('insufficient_data');
  });

  it('gives a null disparate impact when the privileged group selects nobody', () => {
    const counts = new GroupConfusionCounts();
    for (let i = 0; i < 50; i++) counts.add('sex', 'm', 0, 1).add('sex', 'f', 1, 1);
    const [f] = fairnessReport(counts, 'sex', { privilegedGroup: 'm' }).comparisons;
    expect(f!.metrics.disparate_impact.value).toBeNull();
    expect(f!.metrics.disparate_impact.reason).toBe('the privileged selection rate is 0');
    expect(f!.metrics.statistical_parity_difference.value).toBe(1);
    expect(f!.metrics.statistical_parity_difference.severity).toBe('critical');
  });

  it('reports every configured attribute, each against its own privileged group', () => {
    const counts = new GroupConfusionCounts();
    for (let i = 0; i < 60; i++) counts.add('sex', i % 2 ? 'f' : 'm', i % 3 === 0 ? 1 : 0, 1).add('age', i < 30 ? 'young' : 'old', 1, 1);
    const reports = fairnessReports(counts, { sex: { privilegedGroup: 'm' }, age: { privilegedGroup: 'old' } });
    expect(reports.map((r) => [r.attribute, r.comparisons.map((c) => c.group)])).toEqual([['age', ['young']], ['sex', ['f']]]);
    expect(reports[0]!.severity).toBe('ok');
  });

  it('reports nothing to compare for an empty window or an unknown attribute', () => {
    const report = fairnessReport(new GroupConfusionCounts(), 'sex', { privilegedGroup: 'm' });
    expect(report.comparisons).toEqual([]);
    expect(report.severity).toBe('not_evaluated');
    expect(report.privileged.selectionRate.value).toBeNull();
  });

  it('judges label metrics as insufficient when labels are scarce even if predictions are many', () => {
    const counts = new GroupConfusionCounts();
    for (let i = 0; i < 100; i++) counts.add('s', 'p', i % 2, i < 10 ? 1 : undefined).add('s', 'u', i % 4 === 0 ? 1 : 0, i < 10 ? 0 : undefined);
    const [u] = fairnessReport(counts, 's', { privilegedGroup: 'p' }).comparisons;
    expect(u!.insufficientData).toBe(false);
    expect(u!.metrics.statistical_parity_difference.severity).toBe('critical');
    expect(u!.metrics.accuracy_difference.severity).toBe('insufficient_data');
  });
});
