import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PredictionEvent } from '../../contracts/index.js';
import type { FeatureProfile } from '../sketches/index.js';
import { serializeClosedWindow } from '../windows/window-output-codec.js';
import type { DigestWithMoments } from './digest-with-moments.js';
import { binarySettings, outcome, prediction } from './event-builders.test-support.js';
import { exactProfileParts } from './exact-profile-parts.js';
import { ModelWindowProfile } from './model-window-profile.js';
import { serializeProfile } from './model-window-profile-codec.js';
import { MonitoringTopology } from './monitoring-topology.js';
import type { ProfileParts } from './profile-parts.js';
import { rollUpWindows } from './profile-rollup.js';
import { sketchProfileParts } from './sketch-profile-parts.js';
import { expectSameBytes } from '../sketches/testing/expect-same-bytes.js';

const HOUR = 3_600_000;
const key = { modelId: 'credit', modelVersion: 'v1', deploymentRole: 'champion' } as const;

function topology(parts: ProfileParts): MonitoringTopology {
  return new MonitoringTopology({
    window: { sizeMs: HOUR, graceMs: 0 },
    labelHorizonMs: HOUR,
    idleSourceTimeoutMs: HOUR,
    maxTrackedEventIdsPerWindow: 100_000,
    maxPendingPredictions: 100_000,
    outcomeTtlMs: HOUR,
    maxPendingOutcomes: 100_000,
    pairingTtlMs: HOUR,
    maxPendingRequests: 100_000,
    maxVersionsPerRequest: 4,
    parts,
    settingsFor: () => binarySettings,
  });
}

/** Six hours of events, deterministic pseudo-random income and scores. */
function sixHours(perHour: number): PredictionEvent[] {
  return Array.from({ length: 6 * perHour }, (_, i) => {
    const eventTime = Math.floor((i * HOUR) / perHour);
    const income = 1000 + ((i * 7919) % 5003) * 1.5;
    return prediction({ id: `${i}`, eventTime, score: ((i * 31) % 97) / 97, features: { income, region: i % 3 === 0 ? 'north' : 'south' } });
  });
}

function runWindows(parts: ProfileParts, events: PredictionEvent[]) {
  const t = topology(parts);
  for (const e of events) t.pipePrediction('p0', e);
  for (const e of events) if (e.eventTime % 2 === 0) t.pipeOutcome('p0', outcome(e.eventId.slice(2), e.eventTime + 1000, 'yes'));
  t.heartbeat('p0', 20 * HOUR);
  const output = t.advance();
  return [...output.predictionWindows, ...output.labelWindows];
}

function singleProfile(parts: ProfileParts, events: PredictionEvent[]): ModelWindowProfile {
  const profile = ModelWindowProfile.forWindow(key, { start: 0, end: 6 * HOUR }, binarySettings, parts);
  for (const e of events) profile.addPrediction(e);
  for (const e of events) {
    if (e.eventTime % 2 !== 0) continue;
    const facts = { label: e.prediction.label, value: null, probabilities: e.prediction.probabilities, groups: { gender: e.attributes.gender ?? '' } };
    profile.addJoined(facts, { label: 'yes', value: null }, 1000);
  }
  return profile;
}

describe('rolling up closed windows', () => {
  it('gives exactly the profile of one window over the same events with exact parts', () => {
    const events = sixHours(50);
    const rollup = rollUpWindows(runWindows(exactProfileParts, events), 0, 6 * HOUR).get('credit|v1|champion');
    expect(rollup).toBeDefined();
    expect(serializeProfile(rollup!)).toEqual(serializeProfile(singleProfile(exactProfileParts, events)));
  });

  it('agrees with one window over the same events within sketch error with t-digests', () => {
    const events = sixHours(1_000);
    const rollup = rollUpWindows(runWindows(sketchProfileParts, events), 0, 6 * HOUR).get('credit|v1|champion')!;
    const single = singleProfile(sketchProfileParts, events);
    expect([rollup.predictions, rollup.joined]).toEqual([single.predictions, single.joined]);
    expect(rollup.decisionGroups.serialize()).toEqual(single.decisionGroups.serialize());
    expect(rollup.outcomeGroups.serialize()).toEqual(single.outcomeGroups.serialize());
    expect(rollup.classification?.accuracyCounts()).toEqual(single.classification?.accuracyCounts());
    const incomes = events.map((e) => e.features.income as number).sort((a, b) => a - b);
    const rolledIncome = (rollup.features.get('income') as FeatureProfile).digest!;
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99]) {
      const rank = incomes.filter((x) => x <= rolledIncome.quantile(q)).length / incomes.length;
      expect(Math.abs(rank - q)).toBeLessThan(0.01);
    }
    const rolledScore = (rollup.positiveScore as DigestWithMoments).sampleMoments();
    const singleScore = (single.positiveScore as DigestWithMoments).sampleMoments();
    expect(rolledScore.n).toBe(singleScore.n);
    expect(rolledScore.mean).toBeCloseTo(singleScore.mean, 10);
    expect(rolledScore.sampleVariance).toBeCloseTo(singleScore.sampleVariance, 10);
  });

  it('leaves windows outside the range out of the rollup and does not change the inputs', () => {
    const windows = runWindows(exactProfileParts, sixHours(10));
    const before = windows.map((w) => serializeClosedWindow(w, serializeProfile));
    const rollup = rollUpWindows(windows, HOUR, 3 * HOUR).get('credit|v1|champion')!;
    expect(rollup.predictions).toBe(20);
    expect([rollup.start, rollup.end]).toEqual([HOUR, 3 * HOUR]);
    expect(windows.map((w) => serializeClosedWindow(w, serializeProfile))).toEqual(before);
  });

  it('keeps counts exact and quantiles within sketch error for any arrival order with t-digests', () => {
    const events = sixHours(300);
    const reference = rollUpWindows(runWindows(sketchProfileParts, events), 0, 6 * HOUR).get('credit|v1|champion')!;
    const referenceIncome = (reference.features.get('income') as FeatureProfile).digest!;
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (order) => {
        const rollup = rollUpWindows(runWindows(sketchProfileParts, order), 0, 6 * HOUR).get('credit|v1|champion')!;
        expectSameBytes(rollup.decisionGroups.serialize(), reference.decisionGroups.serialize());
        const income = (rollup.features.get('income') as FeatureProfile).digest!;
        for (const q of [0.05, 0.5, 0.95]) expect(Math.abs(income.cdf(referenceIncome.quantile(q)) - q)).toBeLessThan(0.01);
      }),
      { numRuns: 5 },
    );
  });
});
