import { deserializeProfile, serializeProfile, sketchProfileParts, ModelWindowProfile, type ModelKey } from '../core/profile/index.js';
import { VigilError, isVigilError } from '../shared/errors.js';

/** base64 of ModelWindowProfile.serialize(): how reference_profiles and window_profiles store profiles. */
export function encodeProfile(profile: ModelWindowProfile): string {
  return Buffer.from(serializeProfile(profile)).toString('base64');
}

/** Decodes a stored profile; a corrupt blob or another sketch kit is REFERENCE_INVALID. */
export function decodeProfile(base64: string, what = 'reference profile'): ModelWindowProfile {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0 || base64.length === 0) {
    throw new VigilError('REFERENCE_INVALID', `the ${what} is not base64`);
  }
  try {
    return deserializeProfile(new Uint8Array(Buffer.from(base64, 'base64')), sketchProfileParts);
  } catch (error) {
    if (isVigilError(error)) throw new VigilError('REFERENCE_INVALID', `the ${what} cannot be decoded: ${error.message}`, undefined, { cause: error });
    throw error;
  }
}

/**
 * The same profile under another model key. `merge` refuses different keys on purpose (a window
 * must never absorb another model's data); a reference deliberately pools versions, so it rekeys
 * copies first. Every field is an own property of the profile, so a field added later is carried too.
 */
export function rekeyProfile(profile: ModelWindowProfile, key: ModelKey): ModelWindowProfile {
  const copy = profile.clone();
  const rekeyed = new ModelWindowProfile(key, copy.start, copy.end, copy.settings, copy.parts);
  const { key: _previousKey, ...state } = copy;
  return Object.assign(rekeyed, state);
}
