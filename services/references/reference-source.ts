import type { ModelWindowProfile } from '../core/profile/index.js';

/** The reference distribution drift of a model is measured against. */
export interface CurrentReference {
  readonly referenceId: string;
  readonly source: 'pinned_range' | 'uploaded' | 'automatic';
  readonly profile: ModelWindowProfile;
}

/**
 * Where the processor gets each model's current reference (reference_assignments → reference_profiles).
 * Implementations cache and refresh; `currentFor` pins an automatic reference from the model's
 * first closed prediction windows in window_profiles when the model has none yet and they hold at
 * least `autoReferenceMinPredictions` predictions. Null: no reference yet (drift rows are no_data).
 */
export interface ReferenceSource {
  currentFor(modelId: string): Promise<CurrentReference | null>;
}
