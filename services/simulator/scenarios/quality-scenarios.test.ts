// Each quality scenario must be measurable in the generated data, by the amount the
// ground truth document promises. Tolerances are Z standard errors of the measured statistic.
import { describe, expect, it } from 'vitest';
import type { PredictionEvent } from '../../contracts/index.js';
import type { SimEmission } from '../generator/emission.js';
import { compileModel } from '../generator/compiled-model.js';
import { Rng } from '../random/rng.js';
import { featureMoments } from '../spec/feature-moments.js';
import type { ScenarioSpec } from '../spec/scenario-spec.js';
import { HOUR, T0, Z, summarize, generateAll, testFleet, testModel } from '../testing/test-fleet.js';
import { buildGroundTruth } from './ground-truth.js';

const START = T0 + 5 * HOUR;
const END = T0 + 10 * HOUR;

function run(scenarios: ScenarioSpec[]) {
  const spec = testFleet([testModel({ scenarios })], 20);
  const { emissions } = generateAll(spec);
  return { emissions, truth: buildGroundTruth(spec), model: spec.models[0]! };
}

/** The champion's first sendings: one per request. */
function champion(emissions: readonly SimEmission[]): PredictionEvent[] {
  return emissions.flatMap((e) => (e.kind === 'prediction' && !e.duplicate && e.event.deploymentRole === 'champion' ? [e.event] : []));
}
const before = (events: PredictionEvent[]) => events.filter((e) => e.eventTime < START);
const after = (events: PredictionEvent[]) => events.filter((e) => e.eventTime >= END);
const numbers = (events: PredictionEvent[], feature: string) => events.flatMap((e) => (typeof e.features[feature] === 'number' ? [e.features[feature]] : []));
const positive = (e: PredictionEvent) => e.prediction.label === '1';
const rate = (events: PredictionEvent[], f: (e: PredictionEvent) => boolean) => events.filter(f).length / events.length;

describe('feature drift', () => {
  const { emissions, truth, model } = run([
    { id: 'score-gradual', type: 'feature_drift_gradual', feature: 'score', magnitude: 1, start: START, end: END },
    { id: 'income-gradual', type: 'feature_drift_gradual', feature: 'income', magnitude: -0.5, start: START, end: END },
    { id: 'channel-sudden', type: 'feature_drift_sudden', feature: 'channel', targetCategory: 'branch', magnitude: 0.5, start: START, end: START },
  ]);
  const events = champion(emissions);

  it.each(['score', 'income'])('moves the mean of %s by the configured number of sds after the ramp', (feature) => {
    const entry = truth.injected.find((i) => i.subject === feature)!;
    const spec = model.features.find((f) => f.name === feature)!;
    const { sd } = featureMoments(spec as Parameters<typeof featureMoments>[0]);
    const a = summarize(numbers(before(events), feature));
    const b = summarize(numbers(after(events), feature));
    const tolerance = Z * sd * Math.sqrt(1 / a.n + 1 / b.n);
    expect(Math.abs(a.mean - (entry.expectedEffect['meanBefore'] as number))).toBeLessThan(Z * sd * Math.sqrt(1 / a.n));
    expect(Math.abs(b.mean - a.mean - entry.magnitude * sd)).toBeLessThan(tolerance);
    expect(Math.abs(b.mean - (entry.expectedEffect['meanAfter'] as number))).toBeLessThan(Z * sd * Math.sqrt(1 / b.n));
  });

  it('ramps a gradual drift in: half the shift at the middle of the ramp', () => {
    const sd = 50;
    const middle = events.filter((e) => e.eventTime >= START + 2 * HOUR && e.eventTime < START + 3 * HOUR);
    const a = summarize(numbers(before(events), 'score'));
    const m = summarize(numbers(middle, 'score'));
    expect(Math.abs(m.mean - a.mean - 0.5 * sd)).toBeLessThan(Z * sd * Math.sqrt(1 / a.n + 1 / m.n));
  });

  it('moves the configured share of a categorical feature to the target category at once', () => {
    const entry = truth.injected.find((i) => i.scenarioId === 'channel-sudden')!;
    const isBranch = (e: PredictionEvent) => e.features['channel'] === 'branch';
    const shareBefore = entry.expectedEffect['shareBefore'] as number;
    const shareAfter = entry.expectedEffect['shareAfter'] as number;
    const first = events.filter((e) => e.eventTime < START);
    const second = events.filter((e) => e.eventTime >= START);
    expect(Math.abs(rate(first, isBranch) - shareBefore)).toBeLessThan(Z * Math.sqrt((shareBefore * (1 - shareBefore)) / first.length));
    expect(Math.abs(rate(second, isBranch) - shareAfter)).toBeLessThan(Z * Math.sqrt((shareAfter * (1 - shareAfter)) / second.length));
  });
});

describe('prediction drift', () => {
  // Generated while collecting, so the per-test timeout only covers the measurement.
  const { emissions, truth } = run([{ id: 'p', type: 'prediction_drift', modelVersion: 'v1.0', magnitude: 1, start: START, end: END }]);
  it('shifts the champion logit by the configured amount', () => {
    const logit = (e: PredictionEvent) => {
      const p = e.prediction.probabilities!['1']!;
      return Math.log(p / (1 - p));
    };
    const events = champion(emissions);
    const a = summarize(before(events).map(logit));
    const b = summarize(after(events).map(logit));
    expect(Math.abs(b.mean - a.mean - (truth.injected.find((i) => i.scenarioId === 'p')!.expectedEffect['logitShift'] as number))).toBeLessThan(
      Z * a.sd * Math.sqrt(1 / a.n + 1 / b.n),
    );
  });
});

describe('bias against a protected group', () => {
  const factor = 0.6;
  const { emissions, truth } = run([{ id: 'b', type: 'bias', modelVersion: 'v1.0', attribute: 'gender', unprivilegedValue: 'female', selectionRateFactor: factor, start: START, end: START }]);
  const events = champion(emissions);
  const group = (value: string) => (e: PredictionEvent) => e.attributes['gender'] === value;
  const early = events.filter((e) => e.eventTime < START);
  const late = events.filter((e) => e.eventTime >= START);

  it('multiplies the unprivileged selection rate by the configured factor', () => {
    const e = early.filter(group('female'));
    const l = late.filter(group('female'));
    const p0 = rate(e, positive);
    const p1 = rate(l, positive);
    // Delta method for a ratio of two independent proportions.
    const tolerance = Z * (p1 / p0) * Math.sqrt((1 - p0) / (e.length * p0) + (1 - p1) / (l.length * p1));
    expect(Math.abs(p1 / p0 - (truth.injected.find((i) => i.scenarioId === 'b')!.expectedEffect['expectedDisparateImpactRatio'] as number))).toBeLessThan(tolerance);
  });

  it('leaves the privileged selection rate unchanged', () => {
    const e = early.filter(group('male'));
    const l = late.filter(group('male'));
    const p0 = rate(e, positive);
    const p1 = rate(l, positive);
    expect(Math.abs(p1 - p0)).toBeLessThan(Z * Math.sqrt((p0 * (1 - p0)) / e.length + (p1 * (1 - p1)) / l.length));
  });
});

describe('accuracy decay', () => {
  const flip = 0.3;
  const { emissions } = run([{ id: 'a', type: 'accuracy_decay', magnitude: flip, start: START, end: END }]);
  it('flips observed labels so accuracy falls to a·(1−f) + (1−a)·f', () => {
    const labels = new Map(emissions.flatMap((e) => (e.kind === 'outcome' ? [[e.event.predictionId, e.event.label] as const] : [])));
    const correct = (e: PredictionEvent) => labels.get(e.predictionId) === e.prediction.label;
    const events = champion(emissions).filter((e) => labels.has(e.predictionId));
    const early = before(events);
    const late = after(events);
    const a0 = rate(early, correct);
    const a1 = rate(late, correct);
    const expected = a0 * (1 - flip) + (1 - a0) * flip;
    const n0 = early.length;
    const n1 = late.length;
    expect(a1).toBeLessThan(a0);
    expect(Math.abs(a1 - expected)).toBeLessThan(Z * Math.sqrt((a1 * (1 - a1)) / n1 + (1 - 2 * flip) ** 2 * ((a0 * (1 - a0)) / n0)));
  });
});

describe('regression scenarios', () => {
  const truth = { ...testModel().truth, intercept: 100, noiseSd: 0.5 };
  const regression = { modelId: 'demand-forecast-0001', task: 'regression' as const, truth };
  const outputSd = compileModel(testModel(regression), new Rng(0)).outputSd;
  const residuals = (emissions: readonly SimEmission[], keep: (t: number) => boolean): number[] => {
    const values = new Map(emissions.flatMap((e) => (e.kind === 'outcome' ? [[e.event.predictionId, e.event.value!] as const] : [])));
    return champion(emissions).flatMap((p) => (keep(p.eventTime) && values.has(p.predictionId) ? [values.get(p.predictionId)! - p.prediction.value!] : []));
  };

  const decayed = generateAll(testFleet([testModel({ ...regression, scenarios: [{ id: 'r', type: 'accuracy_decay', magnitude: 1, start: START, end: END }] })], 20)).emissions;
  const drifted = champion(generateAll(testFleet([testModel({ ...regression, scenarios: [{ id: 'p', type: 'prediction_drift', modelVersion: 'v1.0', magnitude: -0.5, start: START, end: START }] })], 20)).emissions);

  it('shifts the true value by the configured output sds under accuracy decay', () => {
    const emissions = decayed;
    const a = summarize(residuals(emissions, (t) => t < START));
    const b = summarize(residuals(emissions, (t) => t >= END));
    expect(Math.abs(b.mean - a.mean - outputSd)).toBeLessThan(Z * Math.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n));
  });

  it('shifts the predicted value by the configured output sds under prediction drift', () => {
    const events = drifted;
    const a = summarize(before(events).map((e) => e.prediction.value!));
    const b = summarize(events.filter((e) => e.eventTime >= START).map((e) => e.prediction.value!));
    expect(Math.abs(b.mean - a.mean + 0.5 * outputSd)).toBeLessThan(Z * Math.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n));
  });
});
