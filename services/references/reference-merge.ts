import { sameSettings, type ModelKey, type ModelWindowProfile } from '../core/profile/index.js';
import { VigilError } from '../shared/errors.js';
import { rekeyProfile } from './profile-encoding.js';
import { DEFAULT_REFERENCE_ROLES, type ReferenceTrafficFilter } from './reference-types.js';

/** Version of a reference key that pools every version of the model. */
export const ALL_VERSIONS = '*';

/** The key a reference profile carries: the model, the chosen version or '*', the (first) chosen role. */
export function referenceKey(modelId: string, filter: ReferenceTrafficFilter = {}): ModelKey {
  const roles = filter.deploymentRoles ?? DEFAULT_REFERENCE_ROLES;
  return { modelId, modelVersion: filter.modelVersion ?? ALL_VERSIONS, deploymentRole: roles.length === 1 && roles[0] !== undefined ? roles[0] : 'champion' };
}

/**
 * Folds window profiles, in the order given, into one profile under the reference key. Windows
 * written with different model settings (positive label, protected attributes) cannot be pooled.
 */
export class ReferenceMerger {
  #merged: ModelWindowProfile | null = null;
  windows = 0;

  constructor(private readonly key: ModelKey) {}

  /** Whether `profile` was written with the settings of what is merged so far (always true for the first). */
  accepts(profile: ModelWindowProfile): boolean {
    return this.#merged === null || sameSettings(this.#merged.settings, profile.settings);
  }

  add(profile: ModelWindowProfile): void {
    if (!this.accepts(profile)) {
      throw new VigilError('REFERENCE_INVALID', 'the windows were written with different model settings (positive label, protected attributes); choose a range after the change', {
        windowStart: profile.start,
      });
    }
    const rekeyed = rekeyProfile(profile, this.key);
    if (this.#merged === null) this.#merged = rekeyed;
    else this.#merged.merge(rekeyed);
    this.windows += 1;
  }

  get predictions(): number {
    return this.#merged?.predictions ?? 0;
  }

  result(): ModelWindowProfile | null {
    return this.#merged;
  }
}
