import { describe, expect, it } from 'vitest';
import { ModelWindowProfile, serializeProfile, sketchProfileParts } from '../core/profile/index.js';
import { binarySettings, outcome, prediction } from '../core/profile/event-builders.test-support.js';
import { isVigilError } from '../shared/errors.js';
import { decodeProfile, encodeProfile, rekeyProfile } from './profile-encoding.js';

const v1 = { modelId: 'credit', modelVersion: 'v1', deploymentRole: 'champion' } as const;
const pooled = { modelId: 'credit', modelVersion: '*', deploymentRole: 'champion' } as const;

function fed(key: typeof v1 | typeof pooled): ModelWindowProfile {
  const profile = new ModelWindowProfile(key, 0, 60_000, binarySettings, sketchProfileParts);
  for (let i = 0; i < 50; i++) {
    const event = prediction({ eventTime: 1_000 + i * 7, id: String(i), score: (i % 10) / 10 });
    profile.addPrediction(event);
    profile.addJoined({ label: event.prediction.label, value: null, probabilities: event.prediction.probabilities, groups: { gender: 'f' } }, outcome(String(i), 0, i % 3 === 0 ? 'yes' : 'no'), 10);
  }
  return profile;
}

describe('profile encoding', () => {
  it('rekeys a profile to exactly the profile the same events would have built under the new key', () => {
    const rekeyed = rekeyProfile(fed(v1), pooled);
    expect(rekeyed.key).toEqual(pooled);
    expect(Buffer.from(serializeProfile(rekeyed)).equals(Buffer.from(serializeProfile(fed(pooled))))).toBe(true);
  });

  it('leaves the original profile untouched when the rekeyed copy is merged into', () => {
    const original = fed(v1);
    const before = serializeProfile(original);
    rekeyProfile(original, pooled).merge(fed(pooled));
    expect(Buffer.from(serializeProfile(original)).equals(Buffer.from(before))).toBe(true);
  });

  it('round-trips through base64', () => {
    const profile = fed(v1);
    expect(Buffer.from(serializeProfile(decodeProfile(encodeProfile(profile)))).equals(Buffer.from(serializeProfile(profile)))).toBe(true);
  });

  it('reports text that is not base64, and a truncated profile, as REFERENCE_INVALID', () => {
    const truncated = encodeProfile(fed(v1)).slice(0, 40);
    for (const text of ['not base64!', '', truncated]) {
      let failure: unknown;
      try {
        decodeProfile(text);
      } catch (error) {
        failure = error;
      }
      expect(isVigilError(failure, 'REFERENCE_INVALID')).toBe(true);
    }
  });
});
