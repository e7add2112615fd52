/**
 * The event ids already applied to one window, for at-least-once redelivery.
 *
 * Ids are stored as 53-bit hashes (8 bytes instead of up to 256 characters); two distinct ids
 * in one window collide with probability about n²/2⁵⁴ (≈ 6e-5 for a million events), in which
 * case the second is counted as a duplicate. The set holds at most `capacity` ids: beyond
 * that, new ids are applied without tracking and counted as `untracked`, so memory stays
 * bounded and the loss of exactness is visible in the output.
 */
export class EventIdSet {
  private readonly seen = new Set<number>();

  constructor(private readonly capacity: number) {}

  /** 'new' (remember it), 'duplicate', or 'untracked' (set full: apply, but cannot dedup). */
  admit(eventId: string): 'new' | 'duplicate' | 'untracked' {
    const hash = hashEventId(eventId);
    if (this.seen.has(hash)) return 'duplicate';
    if (this.seen.size >= this.capacity) return 'untracked';
    this.seen.add(hash);
    return 'new';
  }

  get size(): number {
    return this.seen.size;
  }

  /** The remembered hashes, sorted (membership is all that matters, so this is canonical). */
  hashes(): number[] {
    return [...this.seen].sort((a, b) => a - b);
  }

  /** Restores remembered hashes (from a checkpoint). */
  static fromHashes(capacity: number, hashes: readonly number[]): EventIdSet {
    const set = new EventIdSet(capacity);
    for (const hash of hashes) set.seen.add(hash);
    return set;
  }
}

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). */
export function hashEventId(id: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
