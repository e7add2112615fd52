import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import { HOUR, MINUTE, drain, encodeOutput, runSteps, scenarioOptions, stepsArbitrary } from '../checkpoint/topology-scenario.test-support.js';
import { FeatureProfile } from '../sketches/feature-profile.js';
import { outcome, prediction } from './event-builders.test-support.js';
import { expectSameFacts, instance, profileFacts } from './monitoring-topology-determinism.test-support.js';
import { MonitoringTopology, type TopologyOutput } from './monitoring-topology.js';
import { sketchProfileParts } from './sketch-profile-parts.js';

// The determinism guarantees of services/core/METRICS-NOTES.md ("Determinism"), production sketches.

const options = { ...scenarioOptions(sketchProfileParts), maxPendingPredictions: 100_000, maxPendingOutcomes: 100_000, maxPendingRequests: 100_000, outcomeTtlMs: 4 * HOUR };

/** n champion predictions with a shadow for every third request, and an outcome for two in three, all inside one hourly window. */
function events(n: number): { predictions: PredictionEvent[]; outcomes: OutcomeEvent[] } {
  const predictions: PredictionEvent[] = [];
  const outcomes: OutcomeEvent[] = [];
  for (let i = 0; i < n; i++) {
    const eventTime = Math.floor((i * 59 * MINUTE) / n);
    const score = ((i * 7919) % 1009) / 1009;
    const features = { income: ((i * 104_729) % 100_003) / 7, age: 18 + (i % 60), region: ['north', 'south', 'east'][i % 3] ?? null };
    predictions.push({ ...prediction({ id: `${i}`, eventTime, score }), features, latencyMs: (i * 31) % 200 });
    if (i % 3 === 0) predictions.push({ ...prediction({ id: `s${i}`, requestId: `r-${i}`, eventTime, score: 1 - score, modelVersion: 'v2', deploymentRole: 'shadow' }), features });
    if (i % 3 !== 2) outcomes.push(outcome(`${i}`, eventTime + ((i * 13) % 90) * MINUTE, i % 2 === 0 ? 'yes' : 'no'));
  }
  return { predictions, outcomes };
}

type Arrival = { readonly kind: 'prediction'; readonly event: PredictionEvent } | { readonly kind: 'outcome'; readonly event: OutcomeEvent };

/** Pipes everything (nothing is late: no watermark moves until the end), then closes every window. */
function run(arrivals: readonly Arrival[]): TopologyOutput {
  const t = new MonitoringTopology(options);
  for (const a of arrivals) {
    if (a.kind === 'prediction') t.pipePrediction('predictions', a.event);
    else t.pipeOutcome('outcomes', a.event);
  }
  t.heartbeat('predictions', 100 * HOUR);
  t.heartbeat('outcomes', 100 * HOUR);
  return t.advance();
}

const arrivals = (e: ReturnType<typeof events>): Arrival[] => [
  ...e.predictions.map((event): Arrival => ({ kind: 'prediction', event })),
  ...e.outcomes.map((event): Arrival => ({ kind: 'outcome', event })),
];

/** Merges two sequences keeping each one's order; `fromFirst[i]` picks the source of the i-th arrival. */
function interleave<T>(first: readonly T[], second: readonly T[], fromFirst: readonly boolean[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  for (const pick of fromFirst) {
    if ((pick && i < first.length) || j >= second.length) out.push(first[i++] as T);
    else out.push(second[j++] as T);
  }
  while (i < first.length) out.push(first[i++] as T);
  while (j < second.length) out.push(second[j++] as T);
  return out;
}

function expectSameCounts(actual: TopologyOutput, expected: TopologyOutput, quantileShare: number): void {
  expect(actual.join).toEqual(expected.join);
  expect(actual.pairing).toEqual(expected.pairing);
  for (const kind of ['predictionWindows', 'labelWindows'] as const) {
    expect(actual[kind].map((w) => [w.key, w.start, w.applied, w.duplicates, w.untrackedIds])).toEqual(expected[kind].map((w) => [w.key, w.start, w.applied, w.duplicates, w.untrackedIds]));
    actual[kind].forEach((w, i) => {
      expectSameFacts(profileFacts(w.state), profileFacts(expected[kind][i]?.state ?? w.state), quantileShare, `${kind}[${w.key}]`);
    });
  }
  expect(actual.comparisonWindows.map((w) => [w.key, w.state.pairs])).toEqual(expected.comparisonWindows.map((w) => [w.key, w.state.pairs]));
}

describe('MonitoringTopology determinism', () => {
  it('(a) replays the same calls to byte-identical output, late events and redeliveries included', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const first = new MonitoringTopology(scenarioOptions());
        const second = new MonitoringTopology(scenarioOptions());
        expect([...runSteps(second, steps), drain(second)]).toEqual([...runSteps(first, steps), drain(first)]);
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('(a) gives byte-identical prediction and comparison windows for the same prediction order, wherever the outcomes arrive', () => {
    const e = events(700);
    const expected = encodeOutput({ ...run(arrivals(e)), labelWindows: [], join: run([]).join });
    const predictionsOnly = (o: TopologyOutput) => encodeOutput({ ...o, labelWindows: [], join: run([]).join });
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1100, maxLength: 1100 }), (fromFirst) => {
        const output = run(interleave<Arrival>(arrivals({ predictions: e.predictions, outcomes: [] }), arrivals({ predictions: [], outcomes: e.outcomes }), fromFirst));
        expect(predictionsOnly(output)).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  }, 60_000);

  it('(b) keeps every count identical and every sketch value within its error for any arrival order within grace', () => {
    const e = events(1500); // > 10·δ values per digest, so flush points (and centroids) differ by order
    const all = arrivals(e);
    const expected = run(all);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expectSameCounts(run(shuffled), expected, 0.01);
      }),
      { numRuns: 4 },
    );
  }, 60_000);

  it('(b) gives byte-identical t-digests for every order while a digest holds at most 10·δ values', () => {
    const e = events(600);
    const all = arrivals(e);
    const digests = (o: TopologyOutput) =>
      o.predictionWindows.flatMap((w) => [...w.state.features.values()].map((f) => instance(f, FeatureProfile).digest?.serialize() ?? null));
    const expected = digests(run(all));
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expect(digests(run(shuffled))).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  }, 60_000);

  it('(c) changes no count when the predictions and outcomes sources interleave differently', () => {
    const e = events(400);
    const expected = run(arrivals(e));
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 600, maxLength: 600 }), (fromFirst) => {
        const output = run(interleave<Arrival>(arrivals({ predictions: e.predictions, outcomes: [] }), arrivals({ predictions: [], outcomes: e.outcomes }), fromFirst));
        expectSameCounts(output, expected, 0.01);
      }),
      { numRuns: 10 },
    );
  }, 60_000);
});
