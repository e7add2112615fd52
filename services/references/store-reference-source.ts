import type { Store } from '../adapters/store/index.js';
import type { Logger } from '../shared/logger.js';
import { isVigilError } from '../shared/errors.js';
import { ensureAutomaticReference } from './automatic-reference.js';
import { ReferenceRepository } from './reference-repository.js';
import type { CurrentReference, ReferenceSource } from './reference-source.js';
import type { ReferenceTrafficFilter } from './reference-types.js';

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
    const cached = this.#cache.get(modelId);
    if (cached !== undefined && cached.expiresAt > this.options.clock()) return cached.reference;
    let pending = this.#inFlight.get(modelId);
    if (pending === undefined) {
      pending = this.#refresh(modelId, cached).finally(() => this.#inFlight.delete(modelId));
      this.#inFlight.set(modelId, pending);
    }
    return pending;
  }

  /** Forgets cached answers (one model, or all) so the next call reads the store. */
  invalidate(modelId?: string): void {
    if (modelId === undefined) this.#cache.clear();
    else this.#cache.delete(modelId);
  }

  async #refresh(modelId: string, previous: CacheEntry | undefined): Promise<CurrentReference | null> {
    let reference: CurrentReference | null;
    try {
      reference = await this.#load(modelId, previous?.reference ?? null);
    } catch (error) {
      // A store outage keeps the last known reference rather than turning drift into no_data.
      if (previous !== undefined && isVigilError(error, 'STORE_UNAVAILABLE')) {
        this.options.logger.warn({ model: modelId, err: error }, 'reference refresh failed; keeping the cached reference');
        return previous.reference;
      }
      throw error;
    }
    const ttl = reference === null ? (this.options.missRetryMs ?? 0) : this.options.refreshIntervalMs;
    this.#cache.set(modelId, { reference, expiresAt: this.options.clock() + ttl });
    return reference;
  }

  async #load(modelId: string, previous: CurrentReference | null): Promise<CurrentReference | null> {
    let assignment = await this.#repository.currentAssignment(modelId);
    if (assignment === null && this.options.automatic !== false) {
      const automaticOptions = { minPredictions: this.options.autoReferenceMinPredictions };
      assignment = await ensureAutomaticReference(
        this.options.store,
        modelId,
        this.options.automaticFilter === undefined ? automaticOptions : { ...automaticOptions, filter: this.options.automaticFilter },
      );
      if (assignment !== null) this.options.logger.info({ model: modelId, referenceId: assignment.referenceId }, 'automatic reference pinned');
    }
    if (assignment === null) return null;
    if (previous?.referenceId === assignment.referenceId) return previous;
    try {
      const stored = await this.#repository.read(modelId, assignment.referenceId);
      if (stored === null) {
        this.options.logger.error({ model: modelId, referenceId: assignment.referenceId }, 'the assigned reference does not exist');
        return null;
      }
      return { referenceId: stored.referenceId, source: stored.source, profile: stored.profile, rangeEnd: stored.rangeEnd };
    } catch (error) {
      if (!isVigilError(error, 'REFERENCE_INVALID')) throw error;
      this.options.logger.error({ model: modelId, referenceId: assignment.referenceId, err: error }, 'the assigned reference cannot be decoded');
      return null;
    }
  }
}
