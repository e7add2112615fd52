import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { ClassificationAccumulator } from './classification-accumulator.js';
import { classificationReport } from './classification-metrics.js';
import { RegressionAccumulator } from './regression-accumulator.js';
import { regressionReport } from './regression-metrics.js';
import { relativeDrop } from './relative-drop.js';
import { metricValue } from '../drift/metric-value.js';
import { expectSameBytes } from '../sketches/testing/expect-same-bytes.js';

const probability = fc.double({ min: 0, max: 1, noNaN: true });
const classificationRow = fc.record({
  actual: fc.constantFrom<unknown>('0', '1', 1, null, Number.NaN),
  predicted: fc.constantFrom<unknown>('0', '1', 0, true, undefined),
  score: fc.oneof(probability, fc.constantFrom<unknown>(undefined, -0.5, 2, Number.NaN, 'x')),
  probabilities: fc.oneof(
    fc.record({ '0': probability, '1': probability }),
    fc.constantFrom<Record<string, unknown> | null | undefined>(undefined, null, { '0': Number.NaN }, { '1': 3 }),
  ),
});
type Row = { actual: unknown; predicted: unknown; score: unknown; probabilities?: Record<string, unknown> | null | undefined };

// Few histogram bins keep the property runs light; the bin count does not change the logic.
function classify(rows: Row[]): ClassificationAccumulator {
  const acc = new ClassificationAccumulator({ scoreBins: 64, oneVsRestBins: 16 });
  for (const r of rows) acc.add(r);
  return acc;
}

function closeOrBothNull(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

function throwsCorrupt(decode: () => unknown): boolean {
  try {
    decode();
    return false;
  } catch (error) {
    return isVigilError(error, 'WINDOW_STATE_CORRUPT');
  }
}

describe('ClassificationAccumulator', () => {
  it('merges like adding every row to one accumulator, in any grouping', () => {
    fc.assert(
      fc.property(fc.array(classificationRow), fc.array(classificationRow), fc.array(classificationRow), (a, b, c) => {
        const whole = classificationReport(classify([...a, ...b, ...c]));
        const merged = classificationReport(classify(c).merge(classify(a).merge(classify(b))));
        expect(merged.confusionMatrix).toEqual(whole.confusionMatrix);
        for (const key of ['accuracy', 'logLoss', 'brier', 'rocAuc', 'expectedCalibrationError', 'macroF1', 'multiclassLogLoss', 'macroRocAuc'] as const) {
          expect(closeOrBothNull(merged[key].value, whole[key].value)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  }, 30_000);

  it('round-trips through serialize and deserialize', () => {
    fc.assert(
      fc.property(fc.array(classificationRow), (rows) => {
        const acc = classify(rows);
        expectSameBytes(ClassificationAccumulator.deserialize(acc.serialize()).serialize(), acc.serialize());
      }),
      { numRuns: 50 },
    );
  }, 30_000);

  it('counts invalid labels and scores instead of throwing', () => {
    const acc = new ClassificationAccumulator()
      .add({ actual: null, predicted: '1' })
      .add({ actual: '1', predicted: { x: 1 } })
      .add({ actual: '1', predicted: '1', score: Number.POSITIVE_INFINITY })
      .add({ actual: '1', predicted: '1', score: 1.5 });
    expect(acc.invalid).toBe(2);
    expect(acc.invalidScores).toBe(2);
    expect(acc.total).toBe(2);
  });

  it('counts malformed class probabilities as invalid scores and keeps the row', () => {
    const acc = new ClassificationAccumulator()
      .add({ actual: 'a', predicted: 'a', probabilities: { a: 0.7, b: 1.2 } })
      .add({ actual: 'a', predicted: 'a', probabilities: {} })
      .add({ actual: 'b', predicted: 'a', probabilities: { a: 0.6, b: 0.4 } });
    expect(acc.invalidScores).toBe(2);
    expect(acc.total).toBe(3);
    const report = classificationReport(acc);
    expect(report.multiclassLogLoss.value).toBeCloseTo(-Math.log(0.4), 12);
    expect(report.macroRocAuc.value).toBeNull();
  });

  it('bounds the number of classes and counts the overflow', () => {
    const acc = new ClassificationAccumulator({ maxClasses: 3 });
    for (const label of ['a', 'b', 'c', 'd', 'e']) acc.add({ actual: label, predicted: label });
    expect(acc.labels()).toEqual(['a', 'b', 'c']);
    expect(acc.overflow).toBe(2);
  });

  it('reports an empty window as null metrics with reasons', () => {
    const report = classificationReport(new ClassificationAccumulator());
    expect(report.accuracy.value).toBeNull();
    expect(report.accuracy.reason).toMatch(/no labelled/);
    expect(report.macroF1.value).toBeNull();
    expect(report.rocAuc.value).toBeNull();
  });

  it('handles a window with a single class without NaN', () => {
    const acc = new ClassificationAccumulator();
    for (let i = 0; i < 5; i++) acc.add({ actual: '1', predicted: '1', score: 0.9 });
    const report = classificationReport(acc);
    expect(report.accuracy.value).toBe(1);
    expect(report.rocAuc.value).toBeNull();
    expect(report.rocAuc.reason).toBe('no row has a negative label');
    expect(report.logLoss.value).toBeCloseTo(-Math.log(0.9), 12);
    expect(report.expectedCalibrationError.value).toBeCloseTo(0.1, 12);
  });

  it('clips probabilities of 0 and 1 so log loss stays finite', () => {
    const acc = new ClassificationAccumulator().add({ actual: '1', predicted: '0', score: 0 });
    expect(classificationReport(acc).logLoss.value).toBeCloseTo(-Math.log(1e-15), 9);
  });

  it('rejects unknown versions and truncated bytes with a VigilError', () => {
    const bytes = classify([{ actual: '1', predicted: '0', score: 0.3 }]).serialize();
    expect(throwsCorrupt(() => ClassificationAccumulator.deserialize(Uint8Array.of(2, ...bytes.subarray(1))))).toBe(true);
    expect(throwsCorrupt(() => ClassificationAccumulator.deserialize(bytes.subarray(0, 40)))).toBe(true);
  });
});

describe('RegressionAccumulator', () => {
  const pair = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));

  it('merges like adding every row to one accumulator', () => {
    fc.assert(
      fc.property(fc.array(pair), fc.array(pair), (a, b) => {
        const whole = new RegressionAccumulator();
        const left = new RegressionAccumulator();
        const right = new RegressionAccumulator();
        for (const [y, p] of a) {
          whole.add(y, p);
          left.add(y, p);
        }
        for (const [y, p] of b) {
          whole.add(y, p);
          right.add(y, p);
        }
        const x = regressionReport(whole);
        const m = regressionReport(left.merge(right));
        expect(m.n).toBe(x.n);
        for (const key of ['mae', 'rmse', 'mape', 'meanError'] as const) expect(closeOrBothNull(m[key].value, x[key].value)).toBe(true);
        if (x.r2.value !== null && m.r2.value !== null) expect(Math.abs(m.r2.value - x.r2.value)).toBeLessThan(1e-6 * Math.max(1, Math.abs(x.r2.value)));
      }),
    );
  });

  it('counts non-finite and non-numeric rows as invalid, and zero true values as excluded from MAPE', () => {
    const acc = new RegressionAccumulator().add(Number.NaN, 1).add(1, Number.POSITIVE_INFINITY).add('3', 2).add(0, 1).add(2, 3);
    expect(acc.invalidRows).toBe(3);
    const report = regressionReport(acc);
    expect(report.mape.value).toBe(0.5);
    expect(report.mape.detail?.['excluded_zero_actual']).toBe(1);
  });

  it('reports R² as null when every true value is the same, and everything null when empty', () => {
    const constant = new RegressionAccumulator().add(2, 1).add(2, 3);
    expect(regressionReport(constant).r2.value).toBeNull();
    expect(regressionReport(constant).mae.value).toBe(1);
    expect(regressionReport(new RegressionAccumulator()).rmse.reason).toMatch(/no labelled/);
    expect(regressionReport(new RegressionAccumulator().add(0, 1)).mape.reason).toBe('every true value is 0');
  });

  it('reports R² as null when the true values vary only at the subnormal floor, whatever the merge order', () => {
    // Found by the merge property: (2.7e-162)² is subnormal, so added and merged variances
    // rounded to different multiples of 2^-1074 and R² came out as 1 or 0.
    const tiny = 2.722312378772631e-162;
    const whole = new RegressionAccumulator().add(tiny, 0).add(0, 0).add(0, 0).add(0, 0);
    const merged = new RegressionAccumulator().add(tiny, 0).merge(new RegressionAccumulator().add(0, 0).add(0, 0).add(0, 0));
    expect(regressionReport(whole).r2.reason).toMatch(/do not vary/);
    expect(regressionReport(merged).r2.reason).toMatch(/do not vary/);
    const small = new RegressionAccumulator().add(1e-140, 0).add(0, 0);
    expect(regressionReport(small).r2.value).toBeCloseTo(-1, 12);
  });

  it('rejects corrupt state with a VigilError', () => {
    const bytes = new RegressionAccumulator().add(1, 2).serialize();
    expect(throwsCorrupt(() => RegressionAccumulator.deserialize(Uint8Array.of(7, ...bytes.subarray(1))))).toBe(true);
    expect(throwsCorrupt(() => RegressionAccumulator.deserialize(bytes.subarray(0, bytes.length - 1)))).toBe(true);
  });
});

describe('relative drop from the reference period', () => {
  it('warns at a 5% drop and is critical at 10%, in the direction that is worse', () => {
    const ref = metricValue('accuracy', 0.9, undefined);
    expect(relativeDrop('accuracy', metricValue('accuracy', 0.85, undefined), ref, true).severity).toBe('warn');
    expect(relativeDrop('accuracy', metricValue('accuracy', 0.8, undefined), ref, true).severity).toBe('critical');
    expect(relativeDrop('accuracy', metricValue('accuracy', 0.95, undefined), ref, true).severity).toBe('ok');
    expect(relativeDrop('mae', metricValue('mae', 1.2, undefined), metricValue('mae', 1, undefined), false).value).toBeCloseTo(0.2, 12);
    expect(relativeDrop('mae', metricValue('mae', 1, undefined), metricValue('mae', 0, undefined), false).value).toBeNull();
  });
});
