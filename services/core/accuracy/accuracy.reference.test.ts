import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/accuracy_reference.json' with { type: 'json' };
import { ClassificationAccumulator } from './classification-accumulator.js';
import { classificationReport, type ClassificationReport } from './classification-metrics.js';
import { RegressionAccumulator } from './regression-accumulator.js';
import { regressionReport } from './regression-metrics.js';

function relativeError(actual: number | null, expected: number): number {
  if (actual === null) return Number.POSITIVE_INFINITY;
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

interface LabelExpectations {
  labels: string[];
  accuracy: number;
  precision: (number | null)[];
  recall: (number | null)[];
  f1: (number | null)[];
  support: number[];
  macro_precision: number;
  macro_recall: number;
  macro_f1: number;
  confusion_matrix: number[][];
}

function expectLabelMetrics(report: ClassificationReport, e: LabelExpectations): void {
  expect(report.labels).toEqual(e.labels);
  expect(report.confusionMatrix).toEqual(e.confusion_matrix);
  expect(relativeError(report.accuracy.value, e.accuracy)).toBeLessThan(1e-9);
  report.perClass.forEach((c, i) => {
    expect(c.support).toBe(e.support[i]);
    for (const [key, actual] of [['precision', c.precision], ['recall', c.recall], ['f1', c.f1]] as const) {
      const expected = e[key][i];
      if (expected === null || expected === undefined) expect(actual.value, `${c.label} ${key}`).toBeNull();
      else expect(relativeError(actual.value, expected), `${c.label} ${key}`).toBeLessThan(1e-9);
    }
  });
  expect(relativeError(report.macroPrecision.value, e.macro_precision)).toBeLessThan(1e-9);
  expect(relativeError(report.macroRecall.value, e.macro_recall)).toBeLessThan(1e-9);
  expect(relativeError(report.macroF1.value, e.macro_f1)).toBeLessThan(1e-9);
}

describe('classification metrics against sklearn', () => {
  for (const name of ['binary', 'binary_quantized'] as const) {
    it(`matches label metrics, log loss, Brier and ECE exactly and ROC AUC within its bound on the ${name} case`, () => {
      const c = fixture[name];
      const acc = new ClassificationAccumulator();
      c.rows.actual.forEach((actual, i) => acc.add({ actual, predicted: c.rows.predicted[i], score: c.rows.score[i] }));
      const report = classificationReport(acc);
      expectLabelMetrics(report, c);
      expect(relativeError(report.logLoss.value, c.log_loss)).toBeLessThan(1e-9);
      expect(relativeError(report.brier.value, c.brier)).toBeLessThan(1e-9);
      expect(relativeError(report.expectedCalibrationError.value, c.ece)).toBeLessThan(1e-9);
      const bound = report.rocAuc.detail?.['error_bound'] ?? Number.NaN;
      const aucError = Math.abs(report.rocAuc.value! - c.roc_auc);
      expect(aucError).toBeLessThanOrEqual(bound + 1e-12);
      expect(bound).toBeLessThan(name === 'binary' ? 0.001 : 0.01);
      console.log(JSON.stringify({ case: name, roc_auc_abs_error: aucError, roc_auc_error_bound: bound }));
    });
  }

  it('matches per-class and macro metrics on the multiclass case, with undefined recall as null', () => {
    const c = fixture.multiclass;
    const acc = new ClassificationAccumulator();
    c.rows.actual.forEach((actual, i) => acc.add({ actual, predicted: c.rows.predicted[i] }));
    const report = classificationReport(acc);
    expectLabelMetrics(report, c);
    expect(report.perClass.find((k) => k.label === 'fish')?.recall.reason).toBe('fish never occurred');
    expect(report.logLoss.value).toBeNull();
  });
});

describe('multiclass probability metrics against sklearn', () => {
  it('matches multiclass log loss exactly and macro one-vs-rest ROC AUC within its bound', () => {
    const c = fixture.multiclass_probabilities;
    const acc = new ClassificationAccumulator();
    c.rows.actual.forEach((actual, i) => acc.add({ actual, predicted: c.rows.predicted[i], probabilities: c.rows.probabilities[i] }));
    const report = classificationReport(acc);
    expectLabelMetrics(report, c);
    expect(relativeError(report.multiclassLogLoss.value, c.log_loss)).toBeLessThan(1e-9);
    const bound = report.macroRocAuc.detail?.['error_bound'] ?? Number.NaN;
    const error = Math.abs(report.macroRocAuc.value! - c.macro_roc_auc_ovr);
    expect(error).toBeLessThanOrEqual(bound + 1e-12);
    expect(bound).toBeLessThan(0.005);
    expect(report.macroRocAuc.detail?.['classes']).toBe(3);
    console.log(JSON.stringify({ case: 'multiclass_probabilities', macro_roc_auc_abs_error: error, macro_roc_auc_error_bound: bound }));
  });
});

describe('regression metrics against sklearn', () => {
  it('matches MAE, RMSE, MAPE without zero rows, R² and mean error', () => {
    const c = fixture.regression;
    const acc = new RegressionAccumulator();
    c.rows.actual.forEach((actual, i) => acc.add(actual, c.rows.predicted[i]));
    const report = regressionReport(acc);
    expect(relativeError(report.mae.value, c.mae)).toBeLessThan(1e-9);
    expect(relativeError(report.rmse.value, c.rmse)).toBeLessThan(1e-9);
    expect(relativeError(report.mape.value, c.mape)).toBeLessThan(1e-9);
    expect(report.mape.detail?.['excluded_zero_actual']).toBe(c.mape_excluded);
    expect(relativeError(report.r2.value, c.r2)).toBeLessThan(1e-9);
    expect(relativeError(report.meanError.value, c.mean_error)).toBeLessThan(1e-9);
  });

  it('gives the same metrics when the rows are split across merged accumulators', () => {
    const c = fixture.regression;
    const parts = [new RegressionAccumulator(), new RegressionAccumulator(), new RegressionAccumulator()];
    c.rows.actual.forEach((actual, i) => parts[i % 3]!.add(actual, c.rows.predicted[i]));
    const merged = RegressionAccumulator.deserialize(parts[0]!.merge(parts[1]!).serialize()).merge(parts[2]!);
    const report = regressionReport(merged);
    expect(relativeError(report.r2.value, c.r2)).toBeLessThan(1e-9);
    expect(relativeError(report.rmse.value, c.rmse)).toBeLessThan(1e-9);
  });
});
