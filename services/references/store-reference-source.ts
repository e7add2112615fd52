import type { Store } from '../adapters/store/index.js';
import type { Logger } from '../shared/logger.js';
import { isVigilError } from '../shared/errors.js';
import { ensureAutomaticReferences } from './automatic-reference.js';
import { decodeProfile } from './profile-encoding.js';
import { ReferenceRepository, type EncodedReference } from './reference-repository.js';
import type { CurrentReference, ReferenceSource } from './reference-source.js';
import type { ReferenceAssignment, ReferenceTrafficFilter } from './reference-types.js';
import { storedPredictionCounts } from './window-profile-reader.js';

export interface StoreReferenceSourceOptions {
  readonly store: Store;
  /** processor.autoReferenceMinPredictions. */
  readonly autoReferenceMinPredictions: number;
  /** How long a model's current reference is trusted before the assignment is re-read (processor.settingsRefreshMs). */
  readonly refreshIntervalMs: number;
  /**
   * How long "no reference yet" is remembered (default 0: every window close of a model without a
   * reference looks again, so which windows get the automatic reference depends only on the
   * stored windows, never on timing; a model stops costing lookups once it has one).
   */
  readonly missRetryMs?: number;
  /** Wall clock (epoch ms), injected for tests. */
  readonly clock: () => number;
  readonly logger: Logger;
  /** Pin automatic references for models without one (default true). */
  readonly automatic?: boolean;
  /** Traffic automatic references are built from (default: champion traffic of every version). */
  readonly automaticFilter?: ReferenceTrafficFilter;
}

interface CacheEntry {
  readonly reference: CurrentReference | null;
  readonly expiresAt: number;
}

/**
 * The processor's ReferenceSource over reference_assignments / reference_profiles, with the
 * automatic reference. Profiles are cached per model and re-decoded only when the assignment
 * changes. Returned profiles are shared: treat them as read-only.
 */
export class StoreReferenceSource implements ReferenceSource {
  readonly #repository: ReferenceRepository;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, Promise<CurrentReference | null>>();

  constructor(private readonly options: StoreReferenceSourceOptions) {
    this.#repository = new ReferenceRepository(options.store);
  }

  async currentFor(modelId: string): Promise<CurrentReference | null> {
    return (await this.currentForModels([modelId])).get(modelId) ?? null;
  }

  /**
   * The current reference of each model. Cached answers are returned as they are; the others are
   * read together (one assignment query, one stored-predictions count for the models without an
   * assignment), so a batch of window closes costs a few queries, not a few per model.
   */
  async currentForModels(modelIds: readonly string[]): Promise<Map<string, CurrentReference | null>> {
    const now = this.options.clock();
    const answers = new Map<string, CurrentReference | null>();
    const waits: Promise<void>[] = [];
    const stale: string[] = [];
    for (const id of new Set(modelIds)) {
      const cached = this.#cache.get(id);
      const pending = this.#inFlight.get(id);
      if (cached !== undefined && cached.expiresAt > now) answers.set(id, cached.reference);
      else if (pending !== undefined) waits.push(pending.then((reference) => { answers.set(id, reference); }));
      else stale.push(id);
    }
    if (stale.length > 0) {
      const batch = this.#refresh(stale);
      for (const id of stale) {
        const one = batch.then((references) => references.get(id) ?? null);
        this.#inFlight.set(id, one);
        void one.finally(() => this.#inFlight.delete(id)).catch(() => undefined);
        waits.push(one.then((reference) => { answers.set(id, reference); }));
      }
    }
    await Promise.all(waits);
    return answers;
  }

  /** Forgets cached answers (one model, or all) so the next call reads the store. */
  invalidate(modelId?: string): void {
    if (modelId === undefined) this.#cache.clear();
    else this.#cache.delete(modelId);
  }

  async #refresh(modelIds: readonly string[]): Promise<Map<string, CurrentReference | null>> {
    const previous = new Map(modelIds.map((id) => [id, this.#cache.get(id)] as const));
    let references: Map<string, CurrentReference | null>;
    try {
      references = await this.#load(modelIds, previous);
    } catch (error) {
      // A store outage keeps the last known references rather than turning drift into no_data.
      const known = [...previous.values()].every((entry) => entry !== undefined);
      if (known && isVigilError(error, 'STORE_UNAVAILABLE')) {
        this.options.logger.warn({ models: modelIds, err: error }, 'reference refresh failed; keeping the cached references');
        return new Map(modelIds.map((id) => [id, previous.get(id)?.reference ?? null]));
      }
      throw error;
    }
    const now = this.options.clock();
    for (const [id, reference] of references) {
      const ttl = reference === null ? (this.options.missRetryMs ?? 0) : this.options.refreshIntervalMs;
      this.#cache.set(id, { reference, expiresAt: now + ttl });
    }
    return references;
  }

  async #load(modelIds: readonly string[], previous: ReadonlyMap<string, CacheEntry | undefined>): Promise<Map<string, CurrentReference | null>> {
    const assignments = await this.#repository.currentAssignmentsOf(modelIds);
    const unassigned = modelIds.filter((id) => !assignments.has(id));
    if (unassigned.length > 0 && this.options.automatic !== false) {
      for (const [id, assignment] of await this.#pinAutomatic(unassigned)) assignments.set(id, assignment);
    }
    const references = new Map<string, CurrentReference | null>();
    const toRead: { modelId: string; referenceId: string }[] = [];
    for (const id of modelIds) {
      const assignment = assignments.get(id);
      const known = previous.get(id)?.reference ?? null;
      if (assignment === undefined) references.set(id, null);
      else if (known?.referenceId === assignment.referenceId) references.set(id, known);
      else toRead.push({ modelId: id, referenceId: assignment.referenceId });
    }
    const stored = await this.#repository.readMany(toRead);
    for (const { modelId, referenceId } of toRead) references.set(modelId, this.#decoded(modelId, referenceId, stored.get(modelId)));
    return references;
  }

  /** Pins automatic references for the models whose stored windows hold enough predictions; returns their assignments. */
  async #pinAutomatic(modelIds: readonly string[]): Promise<Map<string, ReferenceAssignment>> {
    const minPredictions = this.options.autoReferenceMinPredictions;
    const filter = this.options.automaticFilter;
    // The cheap check on the events column, for all of them at once: most have too little traffic.
    const counts = await storedPredictionCounts(this.options.store, modelIds, filter);
    const eligible = modelIds.filter((id) => (counts.get(id) ?? 0) >= minPredictions);
    if (eligible.length === 0) return new Map();
    const pinned = await ensureAutomaticReferences(this.options.store, eligible, filter === undefined ? { minPredictions } : { minPredictions, filter });
    for (const [id, assignment] of pinned) this.options.logger.info({ model: id, referenceId: assignment.referenceId }, 'automatic reference pinned');
    return pinned;
  }

  #decoded(modelId: string, referenceId: string, stored: EncodedReference | undefined): CurrentReference | null {
    if (stored === undefined) {
      this.options.logger.error({ model: modelId, referenceId }, 'the assigned reference does not exist');
      return null;
    }
    try {
      return { referenceId: stored.referenceId, source: stored.source, profile: decodeProfile(stored.encodedProfile, `reference ${referenceId}`), rangeEnd: stored.rangeEnd };
    } catch (error) {
      if (!isVigilError(error, 'REFERENCE_INVALID')) throw error;
      this.options.logger.error({ model: modelId, referenceId, err: error }, 'the assigned reference cannot be decoded');
      return null;
    }
  }
}
