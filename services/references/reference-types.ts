import type { DeploymentRole } from '../contracts/index.js';
import type { ModelWindowProfile } from '../core/profile/index.js';

export type ReferenceSourceKind = 'pinned_range' | 'uploaded' | 'automatic';
export const REFERENCE_SOURCE_KINDS: readonly ReferenceSourceKind[] = ['pinned_range', 'uploaded', 'automatic'];

/** One row of reference_profiles without its profile blob (what lists show). */
export interface ReferenceMetadata {
  readonly modelId: string;
  readonly referenceId: string;
  readonly source: ReferenceSourceKind;
  /** Epoch ms of the covered traffic: null for uploaded profiles (a training set has no range). */
  readonly rangeStart: number | null;
  readonly rangeEnd: number | null;
  readonly description: string;
  readonly predictions: number;
  readonly createdAt: number;
  readonly createdBy: string;
}

/** A reference with its decoded profile. */
export interface StoredReference extends ReferenceMetadata {
  readonly profile: ModelWindowProfile;
}

/** A row of reference_assignments: the highest seq per model is the current reference. */
export interface ReferenceAssignment {
  readonly modelId: string;
  readonly referenceId: string;
  readonly assignedBy: string;
  readonly assignedAt: number;
  readonly seq: number;
}

/** What a caller supplies to store a new reference; the repository fills in predictions and encodes the profile. */
export interface NewReference {
  readonly modelId: string;
  /** Omit for a generated `ref_<time>_<random>` id. */
  readonly referenceId?: string;
  readonly source: ReferenceSourceKind;
  readonly rangeStart: number | null;
  readonly rangeEnd: number | null;
  readonly description: string;
  readonly profile: ModelWindowProfile;
  readonly createdAt: number;
  readonly createdBy: string;
}

/** Which of a model's stored window profiles a reference is built from. */
export interface ReferenceTrafficFilter {
  /** Only this model version; omitted: every version. */
  readonly modelVersion?: string;
  /** Only these deployment roles; omitted: champion traffic only (challengers and shadows score the same requests). */
  readonly deploymentRoles?: readonly DeploymentRole[];
}

export const DEFAULT_REFERENCE_ROLES: readonly DeploymentRole[] = Object.freeze(['champion']);
