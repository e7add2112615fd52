import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { binarySettings, prediction } from './event-builders.test-support.js';
import { ExactClassificationScorer, ExactNumberSummary, ExactRegressionScorer, exactProfileParts } from './exact-profile-parts.js';
import { labelledPrediction } from './labelled-prediction.js';
import { ModelWindowProfile } from './model-window-profile.js';
import { deserializeProfile, serializeProfile } from './model-window-profile-codec.js';

const key = { modelId: 'credit', modelVersion: 'v1', deploymentRole: 'champion' } as const;
const HOUR = 3_600_000;

function newProfile(): ModelWindowProfile {
  return ModelWindowProfile.forWindow(key, { start: 0, end: HOUR }, binarySettings, exactProfileParts);
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('ModelWindowProfile', () => {
  it('summarises features, predicted classes, positive scores, latency and event times', () => {
    const profile = newProfile();
    profile.addPrediction(prediction({ id: '1', eventTime: 10, score: 0.9 }));
    profile.addPrediction(prediction({ id: '2', eventTime: 5, score: 0.2 }));
    expect(profile.predictions).toBe(2);
    expect([profile.minEventTime, profile.maxEventTime]).toEqual([5, 10]);
    expect([...profile.features.keys()].sort()).toEqual(['income', 'region']);
    expect(Object.fromEntries(profile.predictedClasses)).toEqual({ yes: 1, no: 1 });
    expect((profile.positiveScore as ExactNumberSummary).values.sort()).toEqual([0.2, 0.9]);
    expect((profile.latencyMs as ExactNumberSummary).values).toEqual([12, 12]);
  });

  it('counts decisions per protected group and a missing protected attribute as a quality finding', () => {
    const profile = newProfile();
    profile.addPrediction(prediction({ id: '1', eventTime: 2, score: 0.9 }));
    profile.addPrediction(prediction({ id: '2', eventTime: 4, score: 0.1 }));
    profile.addPrediction(prediction({ id: '3', eventTime: 6, score: 0.1, attributes: {} }));
    expect(profile.decisionGroups.counts('gender', 'f')).toMatchObject({ n: 2, predictedPositive: 1 });
    expect(profile.quality.missingProtectedAttribute).toBe(1);
  });

  it('feeds joined classification pairs to accuracy, outcome fairness and the label delay', () => {
    const profile = newProfile();
    const facts = labelledPrediction(prediction({ id: '1', eventTime: 2, score: 0.9 }), binarySettings);
    profile.addJoined(facts, { label: 'no', value: null }, 5_000);
    profile.addJoined(facts, { label: 'yes', value: null }, 7_000);
    expect(profile.joined).toBe(2);
    expect(profile.classification).toMatchObject({ total: 2, correct: 1 });
    expect(profile.outcomeGroups.counts('gender', 'f')).toMatchObject({ n: 2, tp: 1, fp: 1 });
    expect((profile.labelDelayMs as ExactNumberSummary).values).toEqual([5_000, 7_000]);
  });

  it('feeds regression pairs to the regression scorer and counts a kind mismatch instead of joining it', () => {
    const profile = newProfile();
    profile.addJoined({ label: null, value: 3, probabilities: null, groups: {} }, { label: null, value: 5 }, 1);
    profile.addJoined({ label: null, value: 3, probabilities: null, groups: {} }, { label: 'yes', value: null }, 1);
    expect((profile.regression as ExactRegressionScorer).errors.values).toEqual([-2]);
    expect(profile.quality.outcomeKindMismatch).toBe(1);
    expect(profile.joined).toBe(1);
    expect(profile.classification).toBeNull();
  });

  it('round-trips through bytes exactly', () => {
    const profile = newProfile();
    for (let i = 0; i < 20; i++) profile.addPrediction(prediction({ id: `${i}`, eventTime: i * 1000, score: (i % 10) / 10 }));
    profile.addJoined(labelledPrediction(prediction({ id: 'x', eventTime: 1, score: 0.6 }), binarySettings), { label: 'yes', value: null }, 10);
    const bytes = serializeProfile(profile);
    const decoded = deserializeProfile(bytes, exactProfileParts);
    expect(serializeProfile(decoded)).toEqual(bytes);
    expect(decoded.classification).toBeInstanceOf(ExactClassificationScorer);
  });

  it('rejects truncated bytes, an unknown version and bytes from another sketch kit', () => {
    const bytes = serializeProfile(newProfile());
    expect(isVigilError(caught(() => deserializeProfile(bytes.subarray(0, bytes.length - 1), exactProfileParts)), 'WINDOW_STATE_CORRUPT')).toBe(true);
    const wrongVersion = Uint8Array.from(bytes);
    wrongVersion[0] = 99;
    expect(isVigilError(caught(() => deserializeProfile(wrongVersion, exactProfileParts)), 'WINDOW_STATE_CORRUPT')).toBe(true);
    const otherKit = { ...exactProfileParts, id: 'other' };
    expect(isVigilError(caught(() => deserializeProfile(bytes, otherKit)), 'WINDOW_STATE_CORRUPT')).toBe(true);
  });

  it('merging two halves gives the same bytes as profiling all events at once', () => {
    const events = Array.from({ length: 40 }, (_, i) => prediction({ id: `${i}`, eventTime: i * 997, score: ((i * 7) % 10) / 10 }));
    const whole = newProfile();
    const first = newProfile();
    const second = newProfile();
    events.forEach((e, i) => {
      whole.addPrediction(e);
      (i % 3 === 0 ? first : second).addPrediction(e);
    });
    expect(serializeProfile(second.clone().merge(first))).toEqual(serializeProfile(whole));
    expect(serializeProfile(first.merge(second))).toEqual(serializeProfile(whole));
  });

  it('refuses to merge profiles of different model versions', () => {
    const other = ModelWindowProfile.forWindow({ ...key, modelVersion: 'v2' }, { start: 0, end: HOUR }, binarySettings, exactProfileParts);
    expect(isVigilError(caught(() => newProfile().merge(other)), 'INTERNAL')).toBe(true);
  });
});
