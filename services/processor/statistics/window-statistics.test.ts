import { describe, expect, it } from 'vitest';
import { classificationReport, regressionReport } from '../../core/accuracy/index.js';
import { categoricalDrift, datasetDriftShare, featureDrift, numericDrift, OTHER_CATEGORY, type MetricValue } from '../../core/drift/index.js';
import { fairnessReport } from '../../core/fairness/index.js';
import { ModelWindowProfile, sketchProfileParts, validateProfileSettings, type ProfileSettings } from '../../core/profile/index.js';
import { FeatureProfile } from '../../core/sketches/index.js';
import { HOUR as SIM_HOUR, generateAll, testFleet, testModel } from '../../simulator/testing/test-fleet.js';
import { BUILT_IN_THRESHOLDS, type ThresholdLookup } from './metric-thresholds.js';
import { classificationOf, digestOf, featureProfileOf, regressionOf } from './sketch-access.js';
import type { StatisticsContext } from './statistics-context.js';
import { driveTopology } from './testing/topology-driver.js';
import { computeWindowStatistics } from './window-statistics.js';
import type { WindowStatistic } from './window-statistic.js';

const settings: ProfileSettings = validateProfileSettings({ positiveLabel: '1', protectedAttributes: ['gender'], maxGroupsPerAttribute: 20, maxClasses: 20 });
const privileged = { gender: 'male' };
const batches = driveTopology(generateAll(testFleet([testModel({ requestsPerHour: 1_500 })], 4)).emissions, { settingsFor: () => settings });
const predictionWindows = batches.flatMap((b) => b.predictionWindows).sort((a, b) => a.start - b.start);
const labelWindows = batches.flatMap((b) => b.labelWindows).sort((a, b) => a.start - b.start);
const reference = predictionWindows[0]!.state;
const current = predictionWindows[2]!.state;

function context(withReference: boolean, thresholds: ThresholdLookup = BUILT_IN_THRESHOLDS): StatisticsContext {
  return { reference: withReference ? { referenceId: 'ref-1', source: 'automatic', profile: reference, rangeEnd: null } : null, thresholds, privilegedGroups: privileged };
}

function find(rows: readonly WindowStatistic[], family: string, subject: string, metric: string): WindowStatistic {
  const row = rows.find((r) => r.family === family && r.subject === subject && r.metric === metric);
  if (row === undefined) throw new Error(`no row ${family}/${subject}/${metric}`);
  return row;
}

const valueOf = (m: MetricValue) => m.value;
const feature = (p: ModelWindowProfile, name: string) => featureProfileOf(p.features.get(name))!;

describe('statistics of a prediction window', () => {
  const rows = computeWindowStatistics({ kind: 'prediction', profile: current, context: context(true) });

  it('reports numeric feature drift equal to the core computed on the same sketches', () => {
    const ref = feature(reference, 'income');
    const cur = feature(current, 'income');
    const report = numericDrift({ sketch: ref.digest!, std: ref.moments!.std }, cur.digest!);
    expect(find(rows, 'drift', 'income', 'psi').value).toBe(valueOf(report.psi));
    expect(find(rows, 'drift', 'income', 'ks_statistic').value).toBe(valueOf(report.ks));
    expect(find(rows, 'drift', 'income', 'jensen_shannon').value).toBe(valueOf(report.jensenShannon));
    expect(find(rows, 'drift', 'income', 'wasserstein_normed').value).toBe(valueOf(report.wassersteinNormed));
    expect(find(rows, 'drift', 'income', 'hellinger').value).toBe(valueOf(report.hellinger));
    expect(find(rows, 'drift', 'income', 'psi')).toMatchObject({ sampleSize: cur.valid, referenceSize: ref.valid, thresholds: { warn: 0.1, critical: 0.25, rule: 'at_least' } });
  });

  it('reports categorical drift and the drift share equal to the core', () => {
    const ref = feature(reference, 'channel');
    const cur = feature(current, 'channel');
    const report = categoricalDrift(new Map(ref.categories!.entries()), new Map(cur.categories!.entries()));
    expect(find(rows, 'drift', 'channel', 'l_infinity').value).toBe(valueOf(report.lInfinity));
    expect(find(rows, 'drift', 'channel', 'jensen_shannon').value).toBe(valueOf(report.jensenShannon));
    expect(find(rows, 'drift', 'channel', 'chi_square').value).toBe(valueOf(report.chiSquare));
    const primaries = ['channel', 'income', 'score', 'utilization'].map((name) => featureDrift(feature(reference, name), feature(current, name)).primary);
    expect(find(rows, 'drift', '', 'drift_share').value).toBe(datasetDriftShare(primaries).value);
  });

  it('reports prediction drift of the positive-class score and of the predicted classes', () => {
    const ref = digestOf(reference.positiveScore)!;
    const cur = digestOf(current.positiveScore)!;
    expect(find(rows, 'prediction_drift', 'score', 'psi').value).toBe(numericDrift({ sketch: ref.digest, std: ref.moments.std }, cur.digest).psi.value);
    const classes = categoricalDrift(reference.predictedClasses, current.predictedClasses);
    expect(find(rows, 'prediction_drift', 'class', 'l_infinity').value).toBe(classes.lInfinity.value);
  });

  it('reports selection rates and disparate impact per group against the privileged group', () => {
    const report = fairnessReport(current.decisionGroups, 'gender', { privilegedGroup: 'male' });
    const female = report.comparisons.find((c) => c.group === 'female')!;
    expect(find(rows, 'fairness', 'gender=female', 'disparate_impact').value).toBe(female.metrics.disparate_impact.value);
    expect(find(rows, 'fairness', 'gender=female', 'statistical_parity_difference').value).toBe(female.metrics.statistical_parity_difference.value);
    expect(find(rows, 'fairness', 'gender=male', 'selection_rate').value).toBe(report.privileged.selectionRate.value);
    expect(find(rows, 'fairness', 'gender=female', 'disparate_impact')).toMatchObject({ sampleSize: female.rates.n, referenceSize: report.privileged.n });
  });

  it('marks a comparison with a group below the minimum size as no_data', () => {
    const minGroupCount = Math.max(...current.decisionGroups.groupNames('gender').map((g) => current.decisionGroups.counts('gender', g).n)) + 1;
    const judged = computeWindowStatistics({ kind: 'prediction', profile: current, context: { ...context(true), minGroupCount } });
    const comparisons = judged.filter((r) => r.metric === 'disparate_impact' || r.metric === 'statistical_parity_difference');
    expect(comparisons.length).toBeGreaterThan(0);
    expect(comparisons.every((r) => r.status === 'no_data' && r.value !== null)).toBe(true);
    expect(find(rows, 'fairness', 'gender=female', 'disparate_impact').status).not.toBe('no_data');
  });

  it('reports volume and quality', () => {
    expect(find(rows, 'volume', '', 'predictions').value).toBe(current.predictions);
    expect(find(rows, 'volume', '', 'latency_p95').value).toBe(digestOf(current.latencyMs)!.digest.quantile(0.95));
    const income = feature(current, 'income');
    expect(find(rows, 'quality', 'income', 'missing_rate').value).toBe(income.missing / income.observations);
    expect(find(rows, 'quality', 'income', 'out_of_range_rate').status).not.toBe('no_data');
    expect(find(rows, 'quality', 'channel', 'new_category_rate').value).toBe(0);
  });

  it('is deterministic and in canonical order', () => {
    const again = computeWindowStatistics({ kind: 'prediction', profile: current.clone(), context: context(true) });
    expect(again).toEqual(rows);
    const keys = rows.map((r) => `${r.family}\u0000${r.subject}\u0000${r.metric}`);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('judges with the thresholds in force and records them on the row', () => {
    const strict: ThresholdLookup = { thresholdFor: (family, metric) => (family === 'drift' && metric === 'psi' ? { warn: 0, critical: 100, rule: 'at_least' } : BUILT_IN_THRESHOLDS.thresholdFor(family, metric)) };
    const judged = computeWindowStatistics({ kind: 'prediction', profile: current, context: context(true, strict) });
    expect(find(judged, 'drift', 'income', 'psi')).toMatchObject({ status: 'warning', thresholds: { warn: 0, critical: 100, rule: 'at_least' }, thresholdRule: 'at_least' });
  });
});

describe('statistics without a reference', () => {
  const rows = computeWindowStatistics({ kind: 'prediction', profile: current, context: context(false) });

  it('writes every drift row as no_data with no value', () => {
    const drift = rows.filter((r) => r.family === 'drift' || r.family === 'prediction_drift');
    expect(drift.length).toBeGreaterThan(10);
    expect(drift.every((r) => r.value === null && r.status === 'no_data')).toBe(true);
    expect(find(rows, 'quality', 'income', 'out_of_range_rate').status).toBe('no_data');
  });

  it('still reports what needs no reference', () => {
    expect(find(rows, 'volume', '', 'predictions').value).toBe(current.predictions);
    expect(find(rows, 'fairness', 'gender=female', 'disparate_impact').value).not.toBeNull();
  });
});

describe('statistics of a label window', () => {
  const label = labelWindows[1]!.state;
  const rows = computeWindowStatistics({ kind: 'label', profile: label, context: context(true) });

  it('reports classification metrics equal to the core', () => {
    const report = classificationReport(classificationOf(label.classification)!);
    expect(find(rows, 'accuracy', '', 'accuracy').value).toBe(report.accuracy.value);
    expect(find(rows, 'accuracy', '', 'f1_macro').value).toBe(report.macroF1.value);
    expect(find(rows, 'accuracy', '', 'roc_auc').value).toBe(report.rocAuc.value);
    expect(find(rows, 'accuracy', '', 'log_loss').value).toBe(report.logLoss.value);
    expect(find(rows, 'accuracy', '1', 'recall').value).toBe(report.perClass.find((c) => c.label === '1')!.recall.value);
    expect(find(rows, 'accuracy', '', 'accuracy').sampleSize).toBe(report.total);
  });

  it('reports outcome fairness, labelled count and label delay', () => {
    const report = fairnessReport(label.outcomeGroups, 'gender', { privilegedGroup: 'male' });
    const female = report.comparisons.find((c) => c.group === 'female')!;
    expect(find(rows, 'fairness', 'gender=female', 'equal_opportunity_difference').value).toBe(female.metrics.equal_opportunity_difference.value);
    expect(find(rows, 'fairness', 'gender=female', 'equalized_odds_difference').value).toBe(female.metrics.equalized_odds_difference.value);
    expect(find(rows, 'fairness', 'gender=male', 'true_positive_rate').value).toBe(report.privileged.truePositiveRate.value);
    expect(find(rows, 'volume', '', 'labelled').value).toBe(label.joined);
    expect(find(rows, 'volume', '', 'label_delay_p50').value).toBe(digestOf(label.labelDelayMs)!.digest.quantile(0.5));
  });

  it('never shares a (family, subject, metric) with the prediction window', () => {
    const prediction = computeWindowStatistics({ kind: 'prediction', profile: current, context: context(true) });
    const keys = new Set(prediction.map((r) => `${r.family}/${r.subject}/${r.metric}`));
    expect(rows.filter((r) => keys.has(`${r.family}/${r.subject}/${r.metric}`))).toEqual([]);
  });

  it('reports the relative drop from a reference that holds labels', () => {
    const withLabels = { reference: { referenceId: 'r', source: 'uploaded' as const, profile: labelWindows[0]!.state, rangeEnd: null }, thresholds: BUILT_IN_THRESHOLDS, privilegedGroups: privileged };
    const judged = computeWindowStatistics({ kind: 'label', profile: label, context: withLabels });
    const ref = classificationReport(classificationOf(labelWindows[0]!.state.classification)!).accuracy.value!;
    const cur = classificationReport(classificationOf(label.classification)!).accuracy.value!;
    expect(find(judged, 'accuracy', '', 'accuracy_relative_drop').value).toBeCloseTo((ref - cur) / ref, 12);
  });
});

describe('statistics of a regression model', () => {
  const regression = testModel({ modelId: 'demand-0002', task: 'regression', protectedAttributes: [], truth: { ...testModel().truth, intercept: 100, noiseSd: 0.5 } });
  const regressionSettings = validateProfileSettings({ positiveLabel: null, protectedAttributes: [], maxGroupsPerAttribute: 20, maxClasses: 20 });
  const out = driveTopology(generateAll(testFleet([regression], 3)).emissions, { settingsFor: () => regressionSettings });
  const predictions = out.flatMap((b) => b.predictionWindows).sort((a, b) => a.start - b.start);
  const label = out.flatMap((b) => b.labelWindows).sort((a, b) => a.start - b.start)[1]!.state;
  const ctx: StatisticsContext = { reference: { referenceId: 'r', source: 'automatic', profile: predictions[0]!.state, rangeEnd: null }, thresholds: BUILT_IN_THRESHOLDS, privilegedGroups: {} };

  it('reports regression accuracy equal to the core', () => {
    const rows = computeWindowStatistics({ kind: 'label', profile: label, context: ctx });
    const report = regressionReport(regressionOf(label.regression)!);
    expect(find(rows, 'accuracy', '', 'mae').value).toBe(report.mae.value);
    expect(find(rows, 'accuracy', '', 'rmse').value).toBe(report.rmse.value);
    expect(find(rows, 'accuracy', '', 'r2').value).toBe(report.r2.value);
    expect(find(rows, 'accuracy', '', 'mean_error').value).toBe(report.meanError.value);
    expect(rows.some((r) => r.metric === 'roc_auc')).toBe(false);
  });

  it('reports drift of the predicted value and no fairness', () => {
    const rows = computeWindowStatistics({ kind: 'prediction', profile: predictions[1]!.state, context: ctx });
    expect(find(rows, 'prediction_drift', 'value', 'psi').value).not.toBeNull();
    expect(rows.some((r) => r.family === 'fairness' || r.subject === 'class')).toBe(false);
  });
});

describe('edge cases', () => {
  it('computes an empty window without throwing: zero predictions, every value null or zero', () => {
    const empty = ModelWindowProfile.forWindow({ modelId: 'm', modelVersion: 'v', deploymentRole: 'champion' }, { start: 0, end: SIM_HOUR }, settings, sketchProfileParts);
    const prediction = computeWindowStatistics({ kind: 'prediction', profile: empty, context: context(true) });
    const label = computeWindowStatistics({ kind: 'label', profile: empty, context: context(true) });
    expect(find(prediction, 'volume', '', 'predictions').value).toBe(0);
    expect(find(prediction, 'volume', '', 'latency_p50').status).toBe('no_data');
    expect(find(prediction, 'drift', '', 'drift_share').status).toBe('no_data');
    expect(find(label, 'volume', '', 'labelled').value).toBe(0);
    expect(label.some((r) => r.family === 'accuracy')).toBe(false);
  });

  it('reports only the rates of a single group, with no comparison', () => {
    const lone = ModelWindowProfile.forWindow({ modelId: 'm', modelVersion: 'v', deploymentRole: 'champion' }, { start: 0, end: SIM_HOUR }, settings, sketchProfileParts);
    for (let i = 0; i < 50; i++) lone.decisionGroups.add('gender', 'male', i % 2);
    const rows = computeWindowStatistics({ kind: 'prediction', profile: lone, context: context(false) }).filter((r) => r.family === 'fairness');
    expect(rows).toEqual([expect.objectContaining({ subject: 'gender=male', metric: 'selection_rate', value: 0.5, status: 'ok' })]);
  });

  it('compares with the largest group when no privileged group is configured', () => {
    const rows = computeWindowStatistics({ kind: 'prediction', profile: current, context: { ...context(true), privilegedGroups: {} } });
    const largest = current.decisionGroups.groupNames('gender').sort((a, b) => current.decisionGroups.counts('gender', b).n - current.decisionGroups.counts('gender', a).n)[0]!;
    expect(rows.some((r) => r.subject === `gender=${largest}` && r.metric === 'disparate_impact')).toBe(false);
    expect(rows.filter((r) => r.metric === 'disparate_impact').length).toBe(current.decisionGroups.groupNames('gender').length - 1);
  });

  it('counts predicted classes beyond the kept ones as their own category in class drift', () => {
    const p = current.clone();
    p.classOverflow = 10;
    const rows = computeWindowStatistics({ kind: 'prediction', profile: p, context: context(true) });
    const expected = categoricalDrift(reference.predictedClasses, new Map([...p.predictedClasses, [OTHER_CATEGORY, 10]]));
    expect(find(rows, 'prediction_drift', 'class', 'l_infinity').value).toBe(expected.lInfinity.value);
  });

  it('leaves out features whose kind is not known yet', () => {
    const p = current.clone();
    const blank = new FeatureProfile();
    blank.add(null);
    p.features.set('all_missing', blank);
    const rows = computeWindowStatistics({ kind: 'prediction', profile: p, context: context(true) });
    expect(rows.some((r) => r.family === 'drift' && r.subject === 'all_missing')).toBe(false);
    expect(find(rows, 'quality', 'all_missing', 'missing_rate').value).toBe(1);
  });
});
