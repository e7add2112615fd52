import type { Store } from '../adapters/store/index.js';
import { VigilError } from '../shared/errors.js';
import type { ParsedReferenceProfile } from './reference-profile-file.js';
import { ReferenceRepository, type AssignmentChange } from './reference-repository.js';
import type { ReferenceMetadata } from './reference-types.js';

export interface UploadOptions {
  /** Make it the model's current reference at once (default true). */
  readonly assign?: boolean;
  /** Overrides the file's description. */
  readonly description?: string;
  readonly atMs: number;
}

export interface UploadResult {
  readonly reference: ReferenceMetadata;
  readonly assignment: AssignmentChange | null;
}

/** Stores an uploaded profile (source 'uploaded') for `modelId`, which must be the model the profile was built for. */
export async function storeUploadedReference(store: Store, modelId: string, upload: ParsedReferenceProfile, actor: string, options: UploadOptions): Promise<UploadResult> {
  if (upload.modelId !== modelId) {
    throw new VigilError('REFERENCE_INVALID', `the profile was built for model "${upload.modelId}", not "${modelId}"`, { modelId, profileModelId: upload.modelId });
  }
  const repository = new ReferenceRepository(store);
  const reference = await repository.write({
    modelId,
    source: 'uploaded',
    rangeStart: null,
    rangeEnd: null,
    description: options.description ?? upload.description,
    profile: upload.profile,
    createdAt: options.atMs,
    createdBy: actor,
  });
  const assignment = options.assign === false ? null : await repository.assign(modelId, reference.referenceId, actor, options.atMs);
  return { reference, assignment };
}
