import type { Store } from '../adapters/store/index.js';
import type { ModelWindowProfile } from '../core/profile/index.js';
import { automaticReferenceId } from './reference-id.js';
import { referenceKey, ReferenceMerger } from './reference-merge.js';
import { ReferenceRepository } from './reference-repository.js';
import type { ReferenceAssignment, ReferenceTrafficFilter } from './reference-types.js';
import { listPredictionWindows, readPredictionWindowProfiles, type StoredWindow } from './window-profile-reader.js';

export const AUTOMATIC_ACTOR = 'automatic';

/** The model's first windows that together hold enough predictions, merged. */
export interface AutomaticCandidate {
  readonly referenceId: string;
  readonly profile: ModelWindowProfile;
  readonly windows: readonly StoredWindow[];
  readonly rangeStart: number;
  readonly rangeEnd: number;
}

export interface AutomaticReferenceOptions {
  readonly minPredictions: number;
  /** Traffic the automatic reference is built from (default: champion, every version). */
  readonly filter?: ReferenceTrafficFilter;
}

/**
 * Walks the model's closed prediction windows in merge order, whole window starts at a time,
 * until the merged predictions reach `minPredictions`. Windows written under other model settings
 * than a later window restart the walk there (the earlier configuration is not pooled). A pure
 * function of window_profiles: every processor that sees the same rows picks the same candidate.
 */
export async function chooseAutomaticReference(store: Store, modelId: string, options: AutomaticReferenceOptions): Promise<AutomaticCandidate | null> {
  const filter = options.filter ?? {};
  const windows = await listPredictionWindows(store, modelId, { filter });
  // Cheap pre-check on the events column: no blob is read until enough traffic was stored.
  if (windows.reduce((sum, w) => sum + w.events, 0) < options.minPredictions) return null;
  const key = referenceKey(modelId, filter);
  let merger = new ReferenceMerger(key);
  let chosen: StoredWindow[] = [];
  let previousStart: number | null = null;
  for await (const { window, profile } of readPredictionWindowProfiles(store, modelId, windows, filter)) {
    if (previousStart !== null && window.windowStart !== previousStart && merger.predictions >= options.minPredictions) break;
    if (!merger.accepts(profile)) {
      merger = new ReferenceMerger(key);
      chosen = [];
    }
    merger.add(profile);
    chosen.push(window);
    previousStart = window.windowStart;
  }
  const profile = merger.result();
  const first = chosen[0];
  const last = chosen[chosen.length - 1];
  if (profile === null || first === undefined || last === undefined || profile.predictions < options.minPredictions) return null;
  return {
    referenceId: automaticReferenceId(modelId, chosen),
    profile,
    windows: chosen,
    rangeStart: first.windowStart,
    rangeEnd: Math.max(...chosen.map((w) => w.windowEnd)),
  };
}

/**
 * Pins the automatic reference of a model that has no assignment, and returns the model's
 * assignment afterwards (whoever won), or null when there is not enough traffic yet.
 * Racing processors converge: the same windows give the same reference id, bytes, created_at
 * and assignment row (seq = end of the last window, a past instant, so any assignment a person
 * made meanwhile has a higher seq and wins).
 */
export async function ensureAutomaticReference(store: Store, modelId: string, options: AutomaticReferenceOptions): Promise<ReferenceAssignment | null> {
  const repository = new ReferenceRepository(store);
  const existing = await repository.currentAssignment(modelId);
  if (existing !== null) return existing;
  const candidate = await chooseAutomaticReference(store, modelId, options);
  if (candidate === null) return null;
  await repository.write({
    modelId,
    referenceId: candidate.referenceId,
    source: 'automatic',
    rangeStart: candidate.rangeStart,
    rangeEnd: candidate.rangeEnd,
    description: `automatic: the model's first ${candidate.profile.predictions} predictions (${candidate.windows.length} window partials)`,
    profile: candidate.profile,
    createdAt: candidate.rangeEnd,
    createdBy: AUTOMATIC_ACTOR,
  });
  if ((await repository.currentAssignment(modelId)) === null) {
    await repository.insertAssignment({ modelId, referenceId: candidate.referenceId, assignedBy: AUTOMATIC_ACTOR, assignedAt: candidate.rangeEnd, seq: candidate.rangeEnd });
  }
  return repository.currentAssignment(modelId);
}
