// The reference module: what the processor and the API import.
export { sameReferenceForEveryModel, type CurrentReference, type ReferenceSource } from './reference-source.js';
export * from './reference-types.js';
export { ReferenceRepository, type AssignmentChange } from './reference-repository.js';
export { pinFromRange, type PinOptions, type PinResult } from './pin-from-range.js';
export { storeUploadedReference, type UploadOptions, type UploadResult } from './upload-reference.js';
export { StoreReferenceSource, type StoreReferenceSourceOptions } from './store-reference-source.js';
export { chooseAutomaticReference, chooseAutomaticReferences, ensureAutomaticReference, ensureAutomaticReferences, AUTOMATIC_ACTOR, type AutomaticCandidate, type AutomaticReferenceOptions } from './automatic-reference.js';
export {
  REFERENCE_PROFILE_FORMAT,
  referenceProfileFileSchema,
  toReferenceProfileFile,
  decodeReferenceProfileFile,
  parseReferenceProfileFile,
  type ReferenceProfileFile,
  type ParsedReferenceProfile,
} from './reference-profile-file.js';
export { encodeProfile, decodeProfile } from './profile-encoding.js';
export { isReferenceId, assertReferenceId } from './reference-id.js';
export { ALL_VERSIONS, referenceKey } from './reference-merge.js';
export { buildReferenceProfile, type BuildReferenceOptions, type BuildReport, type BuildResult } from './training/build-reference-profile.js';
export { readTrainingFile, formatOfPath, type TrainingFileOptions } from './training/training-file.js';
export { referenceCreatedAudit, referenceAssignedAudit, type ReferenceAuditEntry } from './reference-audit.js';
