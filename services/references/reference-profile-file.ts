import { z } from 'zod';
import { modelIdSchema } from '../contracts/common.js';
import type { ModelWindowProfile } from '../core/profile/index.js';
import { VigilError } from '../shared/errors.js';
import { decodeProfile, encodeProfile } from './profile-encoding.js';

export const REFERENCE_PROFILE_FORMAT = 'vigil-reference-profile/1';

/**
 * The file `npm run reference:build -- --output f.json` writes and the API's upload endpoint
 * accepts as its JSON body. `predictions` repeats the profile's count so a truncated or
 * mismatched blob is caught before it is stored.
 */
export const referenceProfileFileSchema = z.strictObject({
  format: z.literal(REFERENCE_PROFILE_FORMAT),
  modelId: modelIdSchema,
  description: z.string().max(1_000).default(''),
  predictions: z.number().int().min(0),
  /** base64 of ModelWindowProfile.serialize() (sketch kit 'sketch-v1'). */
  profile: z.string().min(1),
});

export type ReferenceProfileFile = z.output<typeof referenceProfileFileSchema>;

export function toReferenceProfileFile(profile: ModelWindowProfile, description: string): ReferenceProfileFile {
  return { format: REFERENCE_PROFILE_FORMAT, modelId: profile.key.modelId, description, predictions: profile.predictions, profile: encodeProfile(profile) };
}

/** A validated upload: decoded profile whose model and count agree with the envelope. */
export interface ParsedReferenceProfile {
  readonly modelId: string;
  readonly description: string;
  readonly profile: ModelWindowProfile;
}

/** Checks an already-schema-valid upload (the API validates the body with the schema); REFERENCE_INVALID when the blob disagrees. */
export function decodeReferenceProfileFile(file: ReferenceProfileFile): ParsedReferenceProfile {
  const profile = decodeProfile(file.profile);
  if (profile.key.modelId !== file.modelId) {
    throw new VigilError('REFERENCE_INVALID', `the profile was built for model "${profile.key.modelId}", the file says "${file.modelId}"`);
  }
  if (profile.predictions !== file.predictions) {
    throw new VigilError('REFERENCE_INVALID', `the file says ${file.predictions} predictions, the profile holds ${profile.predictions}`);
  }
  if (profile.predictions === 0) throw new VigilError('REFERENCE_INVALID', 'the profile holds no predictions');
  return { modelId: file.modelId, description: file.description, profile };
}

/** Parses any JSON value as a reference profile file (for callers without their own schema validation, e.g. CLIs). */
export function parseReferenceProfileFile(json: unknown): ParsedReferenceProfile {
  const result = referenceProfileFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new VigilError('REFERENCE_INVALID', `not a ${REFERENCE_PROFILE_FORMAT} file: ${issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`}`);
  }
  return decodeReferenceProfileFile(result.data);
}
