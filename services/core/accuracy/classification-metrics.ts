import { metricValue, nullMetric, type MetricValue } from '../drift/metric-value.js';
import type { ClassificationAccumulator } from './classification-accumulator.js';
import { rocAucFromHistograms } from './roc-auc.js';

export interface ClassMetrics {
  readonly label: string;
  /** Rows whose actual label is this one. */
  readonly support: number;
  readonly precision: MetricValue;
  readonly recall: MetricValue;
  readonly f1: MetricValue;
}

export interface ClassificationReport {
  readonly total: number;
  readonly accuracy: MetricValue;
  readonly perClass: readonly ClassMetrics[];
  /** Unweighted means over classes whose value is defined (sklearn's zero_division=np.nan). */
  readonly macroPrecision: MetricValue;
  readonly macroRecall: MetricValue;
  readonly macroF1: MetricValue;
  /** Rows = actual, columns = predicted, both in `labels` order. */
  readonly labels: readonly string[];
  readonly confusionMatrix: readonly (readonly number[])[];
  readonly logLoss: MetricValue;
  readonly brier: MetricValue;
  readonly rocAuc: MetricValue;
  readonly expectedCalibrationError: MetricValue;
  /** From per-class probabilities: −mean ln p(actual), clipped like `logLoss`. */
  readonly multiclassLogLoss: MetricValue;
  /** Unweighted mean of one-vs-rest AUCs (sklearn multi_class='ovr', average='macro'). */
  readonly macroRocAuc: MetricValue;
}

function ratio(metric: string, numerator: number, denominator: number, whenZero: string): MetricValue {
  return denominator > 0 ? metricValue(metric, numerator / denominator, undefined) : nullMetric(metric, whenZero);
}

function macro(metric: string, values: readonly MetricValue[]): MetricValue {
  const defined = values.flatMap((m) => (m.value === null ? [] : [m.value]));
  if (defined.length === 0) return nullMetric(metric, 'no class has a defined value');
  return metricValue(metric, defined.reduce((a, b) => a + b, 0) / defined.length, undefined, { classes: defined.length });
}

function perClass(labels: readonly string[], matrix: readonly (readonly number[])[]): ClassMetrics[] {
  return labels.map((label, i) => {
    const tp = matrix[i]?.[i] ?? 0;
    const support = (matrix[i] ?? []).reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, row) => sum + (row[i] ?? 0), 0);
    return {
      label,
      support,
      precision: ratio('precision', tp, predicted, `${label} was never predicted`),
      recall: ratio('recall', tp, support, `${label} never occurred`),
      // F1 = 2TP / (2TP + FP + FN): defined whenever the class was predicted or occurred.
      f1: ratio('f1', 2 * tp, predicted + support, `${label} was never predicted and never occurred`),
    };
  });
}

function scoreMetrics(acc: ClassificationAccumulator): Pick<ClassificationReport, 'logLoss' | 'brier' | 'rocAuc' | 'expectedCalibrationError'> {
  const s = acc.scores;
  if (s.n === 0) {
    const reason = 'no row carried a probability for the positive label';
    return { logLoss: nullMetric('log_loss', reason), brier: nullMetric('brier', reason), rocAuc: nullMetric('roc_auc', reason), expectedCalibrationError: nullMetric('ece', reason) };
  }
  let gap = 0;
  for (let b = 0; b < s.calibrationCount.length; b++) gap += Math.abs((s.calibrationPositives[b] ?? 0) - (s.calibrationScoreSum[b] ?? 0));
  return {
    logLoss: metricValue('log_loss', s.logLossSum / s.n, undefined),
    brier: metricValue('brier', s.brierSum / s.n, undefined),
    rocAuc: rocAucFromHistograms(s.positiveHistogram, s.negativeHistogram),
    expectedCalibrationError: metricValue('ece', gap / s.n, undefined),
  };
}

/** Every classification metric of an accumulator; null values with reasons for an empty window. */
export function classificationReport(acc: ClassificationAccumulator): ClassificationReport {
  const labels = acc.labels();
  const confusionMatrix = labels.map((a) => labels.map((p) => acc.count(a, p)));
  const total = acc.total;
  const classes = perClass(labels, confusionMatrix);
  const correct = labels.reduce((sum, _, i) => sum + (confusionMatrix[i]?.[i] ?? 0), 0);
  return {
    total,
    accuracy: ratio('accuracy', correct, total, 'the window has no labelled predictions'),
    perClass: classes,
    macroPrecision: macro('macro_precision', classes.map((c) => c.precision)),
    macroRecall: macro('macro_recall', classes.map((c) => c.recall)),
    macroF1: macro('macro_f1', classes.map((c) => c.f1)),
    labels,
    confusionMatrix,
    ...scoreMetrics(acc),
    multiclassLogLoss: acc.multiclassScores.logLoss(),
    macroRocAuc: acc.multiclassScores.macroRocAuc(),
  };
}
