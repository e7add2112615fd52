import type { ModelWindowProfile } from '../../core/profile/index.js';

interface Entry {
  readonly profile: ModelWindowProfile;
  /** What the profile was built from: a partial's event count, or a block fold's versions. */
  readonly version: number | string;
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

  /** The cached profile when its version (a partial's event count) matches the stored row's. */
  get(id: string, version: number | string): ModelWindowProfile | undefined {
    const entry = this.#entries.get(id);
    if (entry?.version === version) return this.#hit(id, entry).profile;
    this.misses += 1;
    return undefined;
  }

  /** The cached profile and its version, whatever that is. */
  latest(id: string): { readonly profile: ModelWindowProfile; readonly version: number | string } | undefined {
    const entry = this.#entries.get(id);
    if (entry !== undefined) return this.#hit(id, entry);
    this.misses += 1;
    return undefined;
  }

  /** The bytes an entry is counted as; 0 when absent. */
  bytesOf(id: string): number {
    return this.#entries.get(id)?.bytes ?? 0;
  }

  #hit(id: string, entry: Entry): Entry {
    this.hits += 1;
    // Re-insert: Map iteration order is the recency order.
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry;
  }

  put(id: string, profile: ModelWindowProfile, version: number | string, bytes: number): void {
    if (bytes > this.maxBytes) return;
    const previous = this.#entries.get(id);
    if (previous !== undefined) {
      this.#entries.delete(id);
      this.#bytes -= previous.bytes;
    }
    this.#entries.set(id, { profile, version, bytes });
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

/** A block fold's cache identity (see partial-merge.ts). */
export function blockFoldId(modelKey: string, kind: string, blockStart: number): string {
  return `${modelKey}#${kind}#fold#${blockStart}`;
}
