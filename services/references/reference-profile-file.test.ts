import { describe, expect, it } from 'vitest';
import { ModelWindowProfile, serializeProfile, sketchProfileParts } from '../core/profile/index.js';
import { binarySettings, prediction } from '../core/profile/event-builders.test-support.js';
import { isVigilError } from '../shared/errors.js';
import { parseReferenceProfileFile, toReferenceProfileFile } from './reference-profile-file.js';

function profileOf(predictions: number): ModelWindowProfile {
  const profile = new ModelWindowProfile({ modelId: 'credit', modelVersion: '*', deploymentRole: 'champion' }, 0, 0, binarySettings, sketchProfileParts);
  for (let i = 0; i < predictions; i++) profile.addPrediction(prediction({ eventTime: i, id: String(i) }));
  return profile;
}

function failureOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('the reference profile file', () => {
  it('round-trips a profile through its JSON form', () => {
    const file = JSON.parse(JSON.stringify(toReferenceProfileFile(profileOf(20), 'training set 2024-05'))) as unknown;
    const parsed = parseReferenceProfileFile(file);
    expect(parsed.modelId).toBe('credit');
    expect(parsed.description).toBe('training set 2024-05');
    expect(Buffer.from(serializeProfile(parsed.profile)).equals(Buffer.from(serializeProfile(profileOf(20))))).toBe(true);
  });

  it('refuses a file whose counts or model disagree with its profile, an empty profile, or another format', () => {
    const file = toReferenceProfileFile(profileOf(5), '');
    for (const bad of [{ ...file, predictions: 6 }, { ...file, modelId: 'other' }, toReferenceProfileFile(profileOf(0), ''), { ...file, format: 'vigil-reference-profile/2' }, { ...file, extra: 1 }]) {
      expect(isVigilError(failureOf(() => parseReferenceProfileFile(bad)), 'REFERENCE_INVALID')).toBe(true);
    }
  });
});
