import type { ModelWindowProfile } from '../core/profile/index.js';

/** The reference distribution drift of a model is measured against. */
export interface CurrentReference {
  readonly referenceId: string;
  readonly source: 'pinned_range' | 'uploaded' | 'automatic';
  readonly profile: ModelWindowProfile;
  /**
   * End (epoch ms) of the traffic an automatic reference was merged from, else null. Windows
   * that start before it are not compared with it: they helped build it, and whether they were
   * written before or after the pin depends on timing, which a replay must not depend on.
   */
  readonly rangeEnd: number | null;
}

/** Whether a window starting at `windowStart` is measured against `reference`. */
export function referenceApplies(reference: CurrentReference | null, windowStart: number): reference is CurrentReference {
  return reference !== null && (reference.source !== 'automatic' || reference.rangeEnd === null || windowStart >= reference.rangeEnd);
}

/**
 * Where the processor gets each model's current reference (reference_assignments → reference_profiles).
 * Implementations cache and refresh; `currentForModels` pins an automatic reference from the model's
 * first closed prediction windows in window_profiles when the model has none yet and they hold at
 * least `autoReferenceMinPredictions` predictions. Null: no reference yet (drift rows are no_data).
 */
export interface ReferenceSource {
  /** Every model of the list maps to its reference or null (one call for a batch of window closes). */
  currentForModels(modelIds: readonly string[]): Promise<ReadonlyMap<string, CurrentReference | null>>;
}

/** The same reference (or none) for every model: for benches and tests of the sink. */
export function sameReferenceForEveryModel(reference: CurrentReference | null): ReferenceSource {
  return { currentForModels: (modelIds) => Promise.resolve(new Map(modelIds.map((id) => [id, reference]))) };
}
