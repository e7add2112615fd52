import { classificationReport, regressionReport, relativeDrop, type ClassificationReport, type RegressionReport } from '../../core/accuracy/index.js';
import { severityOf, type MetricValue } from '../../core/drift/index.js';
import type { ModelWindowProfile } from '../../core/profile/index.js';
import type { ThresholdLookup } from './metric-thresholds.js';
import { classificationOf, regressionOf } from './sketch-access.js';
import { statisticOf, type WindowStatistic } from './window-statistic.js';

/** Metrics the relative drop from the reference is reported for, and whether higher is better. */
const CLASSIFICATION_DROPS = [['accuracy', true], ['f1_macro', true], ['roc_auc', true], ['log_loss', false], ['brier', false]] as const;
const REGRESSION_DROPS = [['mae', false], ['rmse', false], ['r2', true]] as const;

function classificationValues(report: ClassificationReport): Record<string, MetricValue> {
  return {
    accuracy: report.accuracy,
    precision_macro: report.macroPrecision,
    recall_macro: report.macroRecall,
    f1_macro: report.macroF1,
    log_loss: report.logLoss,
    brier: report.brier,
    roc_auc: report.rocAuc,
    ece: report.expectedCalibrationError,
  };
}

function regressionValues(report: RegressionReport): Record<string, MetricValue> {
  return { mae: report.mae, rmse: report.rmse, mape: report.mape, r2: report.r2, mean_error: report.meanError };
}

/** Raw accuracy metrics carry no built-in thresholds; a configured one judges them. */
function judged(lookup: ThresholdLookup, metric: string, subject: string, value: MetricValue, sampleSize: number, referenceSize: number): WindowStatistic {
  const t = lookup.thresholdFor('accuracy', metric);
  const withSeverity = t === undefined || value.value === null ? value : { ...value, severity: severityOf(value.value, t) };
  return statisticOf('accuracy', subject, metric, withSeverity, t, { sampleSize, referenceSize });
}

function drops(
  lookup: ThresholdLookup,
  names: readonly (readonly [string, boolean])[],
  current: Record<string, MetricValue>,
  reference: Record<string, MetricValue> | null,
  sampleSize: number,
  referenceSize: number,
): WindowStatistic[] {
  if (reference === null) return [];
  return names.flatMap(([metric, higherIsBetter]) => {
    const mine = current[metric];
    const theirs = reference[metric];
    if (mine === undefined || theirs === undefined) return [];
    const name = `${metric}_relative_drop`;
    const t = lookup.thresholdFor('accuracy', name);
    const drop = t === undefined ? relativeDrop(metric, mine, theirs, higherIsBetter) : relativeDrop(metric, mine, theirs, higherIsBetter, t);
    return [statisticOf('accuracy', '', name, drop, t, { sampleSize, referenceSize })];
  });
}

/**
 * Accuracy of a label window: classification (accuracy, macro precision/recall/F1, log loss,
 * Brier, ROC AUC, ECE; per class precision/recall/F1 with subject = class) or regression
 * (MAE, RMSE, MAPE, R², mean error), and the relative drop from the reference's labelled metrics.
 */
export function accuracyStatistics(profile: ModelWindowProfile, reference: ModelWindowProfile | null, lookup: ThresholdLookup): WindowStatistic[] {
  const rows: WindowStatistic[] = [];
  const classification = classificationOf(profile.classification);
  if (classification !== undefined) {
    const report = classificationReport(classification);
    const values = classificationValues(report);
    const referenceAcc = classificationOf(reference?.classification);
    const referenceValues = referenceAcc === undefined ? null : classificationValues(classificationReport(referenceAcc));
    const referenceSize = referenceAcc?.total ?? 0;
    for (const [metric, value] of Object.entries(values)) rows.push(judged(lookup, metric, '', value, report.total, referenceSize));
    for (const c of report.perClass) {
      for (const [metric, value] of [['precision', c.precision], ['recall', c.recall], ['f1', c.f1]] as const) {
        rows.push(judged(lookup, metric, c.label, value, c.support, 0));
      }
    }
    rows.push(...drops(lookup, CLASSIFICATION_DROPS, values, referenceValues, report.total, referenceSize));
  }
  const regression = regressionOf(profile.regression);
  if (regression !== undefined) {
    const report = regressionReport(regression);
    const values = regressionValues(report);
    const referenceAcc = regressionOf(reference?.regression);
    const referenceValues = referenceAcc === undefined ? null : regressionValues(regressionReport(referenceAcc));
    const referenceSize = referenceAcc?.n ?? 0;
    for (const [metric, value] of Object.entries(values)) rows.push(judged(lookup, metric, '', value, report.n, referenceSize));
    rows.push(...drops(lookup, REGRESSION_DROPS, values, referenceValues, report.n, referenceSize));
  }
  return rows;
}
