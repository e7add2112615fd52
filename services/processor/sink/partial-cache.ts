import type { ModelWindowProfile } from '../../core/profile/index.js';

interface Entry {
  readonly profile: ModelWindowProfile;
  readonly events: number;
  readonly bytes: number;
}

/**
 * Decoded partial profiles by identity (model key, kind, window start, partition), least recently
 * used first out, bounded by their serialized size. A window's partial is final once written,
 * so an entry stays valid; its event count is checked against the stored row anyway.
 *
 * Entries are decoded from the bytes written or read, never the topology's live objects, so a
 * hit merges exactly what a read from the store would (a restarted instance, cache empty, computes
 * byte-identical statistics). Callers must not mutate the profiles they get (merges clone first).
 */
export class PartialCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The cached profile when its event count matches the stored row's. */
  get(id: string, events: number): ModelWindowProfile | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.events !== events) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Re-insert: Map iteration order is the recency order.
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.profile;
  }

  put(id: string, profile: ModelWindowProfile, events: number, bytes: number): void {
    if (bytes > this.maxBytes) return;
    const previous = this.#entries.get(id);
    if (previous !== undefined) {
      this.#entries.delete(id);
      this.#bytes -= previous.bytes;
    }
    this.#entries.set(id, { profile, events, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }
}

export function partialId(modelKey: string, kind: string, start: number, partition: number): string {
  return `${modelKey}#${kind}#${start}#${partition}`;
}
