import fc from 'fast-check';
import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import { ClassificationAccumulator, RegressionAccumulator } from '../accuracy/index.js';
import { DigestWithMoments } from '../profile/digest-with-moments.js';
import { outcome, prediction, binarySettings } from '../profile/event-builders.test-support.js';
import { serializeProfile } from '../profile/model-window-profile-codec.js';
import type { MonitoringTopologyOptions, TopologyOutput } from '../profile/monitoring-topology.js';
import type { ProfileParts } from '../profile/profile-parts.js';
import { ClassificationScorerAdapter } from '../profile/sketch-profile-parts.js';
import { FeatureProfile, TDigest } from '../sketches/index.js';
import { serializeClosedWindow } from '../windows/window-output-codec.js';

// Random topology runs for the checkpoint and determinism tests: predictions of a champion and
// a shadow on the same requests, outcomes, redeliveries, late events and watermark moves.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The production sketches at δ = 10, so t-digest buffers (10·δ values) flush within a short run. */
export const smallSketchParts: ProfileParts = Object.freeze({
  id: 'sketch-test-d10',
  featureSummary: () => new FeatureProfile({ compression: 10 }),
  readFeatureSummary: (b: Uint8Array) => FeatureProfile.deserialize(b),
  numberSummary: () => new DigestWithMoments(new TDigest({ compression: 10 })),
  readNumberSummary: (b: Uint8Array) => DigestWithMoments.deserialize(b),
  classificationScorer: () => new ClassificationScorerAdapter(new ClassificationAccumulator({ maxClasses: 16, positiveLabel: 'yes' })),
  readClassificationScorer: (b: Uint8Array) => new ClassificationScorerAdapter(ClassificationAccumulator.deserialize(b)),
  regressionScorer: () => new RegressionAccumulator(),
  readRegressionScorer: (b: Uint8Array) => RegressionAccumulator.deserialize(b),
});

export function scenarioOptions(parts: ProfileParts = smallSketchParts): MonitoringTopologyOptions {
  return {
    window: { sizeMs: HOUR, graceMs: 10 * MINUTE },
    labelHorizonMs: 2 * HOUR,
    idleSourceTimeoutMs: 30 * MINUTE,
    maxTrackedEventIdsPerWindow: 10_000,
    maxPendingPredictions: 200,
    outcomeTtlMs: HOUR,
    maxPendingOutcomes: 50,
    pairingTtlMs: 10 * MINUTE,
    maxPendingRequests: 100,
    maxVersionsPerRequest: 4,
    parts,
    settingsFor: () => binarySettings,
  };
}

export type Step =
  | { readonly kind: 'prediction'; readonly event: PredictionEvent }
  | { readonly kind: 'outcome'; readonly event: OutcomeEvent }
  | { readonly kind: 'advance'; readonly predictionsAt: number; readonly outcomesAt: number };

// Dense enough (≈ 100 values per window and version) that δ = 10 digests flush and compress.
const eventTime = fc.integer({ min: 0, max: 3 * HOUR });

const predictionStep = fc
  .record({ n: fc.integer({ min: 0, max: 300 }), time: eventTime, score: fc.double({ min: 0, max: 1, noNaN: true }), income: fc.double({ min: -1e6, max: 1e6, noNaN: true }), shadow: fc.boolean() })
  .map(({ n, time, score, income, shadow }): Step => {
    const version = shadow ? { modelVersion: 'v2', deploymentRole: 'shadow' as const } : {};
    const base = prediction({ id: shadow ? `s${n}` : `${n}`, eventTime: time, score, requestId: `r-${n}`, ...version });
    return { kind: 'prediction', event: { ...base, features: { income, region: n % 3 === 0 ? 'south' : 'north' } } };
  });

const outcomeStep = fc
  .record({ n: fc.integer({ min: 0, max: 300 }), time: eventTime, positive: fc.boolean() })
  .map(({ n, time, positive }): Step => ({ kind: 'outcome', event: outcome(`${n}`, time, positive ? 'yes' : 'no') }));

const advanceStep = fc
  .record({ predictionsAt: eventTime, lag: fc.integer({ min: -HOUR, max: HOUR }) })
  .map(({ predictionsAt, lag }): Step => ({ kind: 'advance', predictionsAt, outcomesAt: predictionsAt + lag }));

/** Steps with repeats (redeliveries of the same event) and watermark moves that make some events late. */
export const stepsArbitrary = fc
  .array(fc.oneof({ weight: 12, arbitrary: predictionStep }, { weight: 6, arbitrary: outcomeStep }, { weight: 1, arbitrary: advanceStep }), { minLength: 100, maxLength: 700, size: 'max' })
  .chain((steps) => fc.array(fc.nat(steps.length - 1), { maxLength: 20 }).map((repeats) => [...steps, ...repeats.map((i) => steps[i] as Step)]));

/** Every output field as text (closed windows as their stored bytes, in base64). */
export function encodeOutput(output: TopologyOutput): string {
  const profile = (w: TopologyOutput['predictionWindows'][number]) => Buffer.from(serializeClosedWindow(w, serializeProfile)).toString('base64');
  const comparison = (w: TopologyOutput['comparisonWindows'][number]) => Buffer.from(serializeClosedWindow(w, (s) => s.serialize())).toString('base64');
  return JSON.stringify({
    watermark: output.watermark,
    predictionWindows: output.predictionWindows.map(profile),
    labelWindows: output.labelWindows.map(profile),
    comparisonWindows: output.comparisonWindows.map(comparison),
    latePredictions: output.latePredictions,
    lateLabels: output.lateLabels,
    lateComparisons: output.lateComparisons,
    join: output.join,
    pairing: output.pairing,
  });
}

interface Pipeable {
  pipePrediction(source: string, event: PredictionEvent): void;
  pipeOutcome(source: string, event: OutcomeEvent): void;
  heartbeat(source: string, eventTime: number): void;
  advance(): TopologyOutput;
}

/** Pipes the steps (predictions from source `predictions`, outcomes from `outcomes`) and returns the encoded outputs. */
export function runSteps(topology: Pipeable, steps: readonly Step[]): string[] {
  const outputs: string[] = [];
  for (const step of steps) {
    if (step.kind === 'prediction') topology.pipePrediction('predictions', step.event);
    else if (step.kind === 'outcome') topology.pipeOutcome('outcomes', step.event);
    else {
      topology.heartbeat('predictions', step.predictionsAt);
      topology.heartbeat('outcomes', step.outcomesAt);
      outputs.push(encodeOutput(topology.advance()));
    }
  }
  return outputs;
}

/** Moves both sources past every window and label horizon, so everything open is emitted. */
export function drain(topology: Pipeable): string {
  topology.heartbeat('predictions', 100 * HOUR);
  topology.heartbeat('outcomes', 100 * HOUR);
  return encodeOutput(topology.advance());
}
