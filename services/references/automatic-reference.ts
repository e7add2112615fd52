import type { Store } from '../adapters/store/index.js';
import type { ModelWindowProfile } from '../core/profile/index.js';
import { automaticReferenceId } from './reference-id.js';
import { referenceKey, ReferenceMerger } from './reference-merge.js';
import { ReferenceRepository } from './reference-repository.js';
import type { ReferenceAssignment, ReferenceTrafficFilter } from './reference-types.js';
import { listPredictionWindows, listPredictionWindowsOf, readPredictionWindowProfiles, readWindowProfilesOf, windowIdentityKey, type StoredWindow } from './window-profile-reader.js';

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
 * The walk over a model's closed prediction windows in merge order, whole window starts at a time,
 * until the merged predictions reach `minPredictions`. Windows written under other model settings
 * than a later window restart the walk there (the earlier configuration is not pooled).
 */
class AutomaticWalk {
  #merger: ReferenceMerger;
  #chosen: StoredWindow[] = [];
  #previousStart: number | null = null;

  constructor(
    private readonly key: ReturnType<typeof referenceKey>,
    private readonly minPredictions: number,
  ) {
    this.#merger = new ReferenceMerger(key);
  }

  /** Takes the next window; false when the walk is already complete (the window is not taken). */
  offer(window: StoredWindow, profile: ModelWindowProfile): boolean {
    if (this.#previousStart !== null && window.windowStart !== this.#previousStart && this.complete) return false;
    if (!this.#merger.accepts(profile)) {
      this.#merger = new ReferenceMerger(this.key);
      this.#chosen = [];
    }
    this.#merger.add(profile);
    this.#chosen.push(window);
    this.#previousStart = window.windowStart;
    return true;
  }

  get complete(): boolean {
    return this.#merger.predictions >= this.minPredictions;
  }

  result(modelId: string): AutomaticCandidate | null {
    const profile = this.#merger.result();
    const chosen = this.#chosen;
    const first = chosen[0];
    const last = chosen[chosen.length - 1];
    if (profile === null || first === undefined || last === undefined || profile.predictions < this.minPredictions) return null;
    return {
      referenceId: automaticReferenceId(modelId, chosen),
      profile,
      windows: chosen,
      rangeStart: first.windowStart,
      rangeEnd: Math.max(...chosen.map((w) => w.windowEnd)),
    };
  }
}

/**
 * The model's first windows that together hold `minPredictions` (see AutomaticWalk). A pure
 * function of window_profiles: every processor that sees the same rows picks the same candidate.
 */
export async function chooseAutomaticReference(store: Store, modelId: string, options: AutomaticReferenceOptions): Promise<AutomaticCandidate | null> {
  const filter = options.filter ?? {};
  const windows = await listPredictionWindows(store, modelId, { filter });
  // Cheap pre-check on the events column: no blob is read until enough traffic was stored.
  if (windows.reduce((sum, w) => sum + w.events, 0) < options.minPredictions) return null;
  const walk = new AutomaticWalk(referenceKey(modelId, filter), options.minPredictions);
  for await (const { window, profile } of readPredictionWindowProfiles(store, modelId, windows, filter)) {
    if (!walk.offer(window, profile)) break;
  }
  return walk.result(modelId);
}

/**
 * chooseAutomaticReference for many models with two queries: the windows of all of them, then the
 * blobs of each model's first window starts that hold enough predictions by the events column.
 * A model whose walk needs more (settings changed on the way) is walked on its own.
 */
export async function chooseAutomaticReferences(store: Store, modelIds: readonly string[], options: AutomaticReferenceOptions): Promise<Map<string, AutomaticCandidate>> {
  const filter = options.filter ?? {};
  const listed = await listPredictionWindowsOf(store, modelIds, filter);
  const prefixes = new Map<string, StoredWindow[]>();
  for (const [modelId, windows] of listed) {
    const prefix = windowsUntil(windows, options.minPredictions);
    if (prefix !== null) prefixes.set(modelId, prefix);
  }
  const profiles = await readWindowProfilesOf(store, prefixes, filter);
  const chosen = new Map<string, AutomaticCandidate>();
  for (const [modelId, prefix] of prefixes) {
    const walk = new AutomaticWalk(referenceKey(modelId, filter), options.minPredictions);
    for (const window of prefix) {
      const profile = profiles.get(modelId)?.get(windowIdentityKey(window));
      if (profile !== undefined && !walk.offer(window, profile)) break;
    }
    const whole = (listed.get(modelId)?.length ?? 0) === prefix.length;
    const candidate = walk.complete || whole ? walk.result(modelId) : await chooseAutomaticReference(store, modelId, options);
    if (candidate !== null) chosen.set(modelId, candidate);
  }
  return chosen;
}

/** The windows of the first whole window starts whose events reach `minPredictions`, or null when all of them do not. */
function windowsUntil(windows: readonly StoredWindow[], minPredictions: number): StoredWindow[] | null {
  let events = 0;
  for (let i = 0; i < windows.length; i++) {
    events += windows[i]?.events ?? 0;
    const startEnds = windows[i + 1]?.windowStart !== windows[i]?.windowStart;
    if (events >= minPredictions && startEnds) return windows.slice(0, i + 1);
  }
  return null;
}

/**
 * Pins the automatic reference of a model that has no assignment, and returns the model's
 * assignment afterwards (whoever won), or null when there is not enough traffic yet.
 */
export async function ensureAutomaticReference(store: Store, modelId: string, options: AutomaticReferenceOptions): Promise<ReferenceAssignment | null> {
  return (await ensureAutomaticReferences(store, [modelId], options)).get(modelId) ?? null;
}

/**
 * ensureAutomaticReference for many models in a fixed number of queries. Racing processors
 * converge: the same windows give the same reference id, bytes, created_at and assignment row
 * (seq = end of the last window, a past instant, so any assignment a person made meanwhile has a
 * higher seq and wins). Models without enough traffic are absent from the answer.
 */
export async function ensureAutomaticReferences(store: Store, modelIds: readonly string[], options: AutomaticReferenceOptions): Promise<Map<string, ReferenceAssignment>> {
  const repository = new ReferenceRepository(store);
  const assignments = await repository.currentAssignmentsOf(modelIds);
  const candidates = await chooseAutomaticReferences(store, modelIds.filter((id) => !assignments.has(id)), options);
  if (candidates.size === 0) return assignments;
  await repository.writeMany(
    [...candidates].map(([modelId, candidate]) => ({
      modelId,
      referenceId: candidate.referenceId,
      source: 'automatic' as const,
      rangeStart: candidate.rangeStart,
      rangeEnd: candidate.rangeEnd,
      description: `automatic: the model's first ${candidate.profile.predictions} predictions (${candidate.windows.length} window partials)`,
      profile: candidate.profile,
      createdAt: candidate.rangeEnd,
      createdBy: AUTOMATIC_ACTOR,
    })),
  );
  const pinned = [...candidates.keys()];
  const meanwhile = await repository.currentAssignmentsOf(pinned);
  const missing = [...candidates].filter(([modelId]) => !meanwhile.has(modelId));
  if (missing.length > 0) {
    await repository.insertAssignments(missing.map(([modelId, c]) => ({ modelId, referenceId: c.referenceId, assignedBy: AUTOMATIC_ACTOR, assignedAt: c.rangeEnd, seq: c.rangeEnd })));
  }
  for (const [modelId, assignment] of await repository.currentAssignmentsOf(pinned)) assignments.set(modelId, assignment);
  return assignments;
}
