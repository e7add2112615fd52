/** Why an entry left a buffer without being matched. */
export type EvictionReason = 'ttl' | 'capacity';

export interface Evicted<V> {
  readonly key: string;
  readonly value: V;
  readonly eventTime: number;
  readonly reason: EvictionReason;
}

/** A buffer as a checkpoint holds it: live entries ordered by (eventTime, key) and eviction counts. */
export interface EventTimeBufferState<V> {
  readonly entries: ReadonlyArray<{ readonly key: string; readonly eventTime: number; readonly value: V }>;
  readonly evictions: Readonly<Record<EvictionReason, number>>;
}

interface Entry<V> {
  readonly key: string;
  readonly value: V;
  readonly eventTime: number;
  live: boolean;
}

/**
 * A keyed buffer bounded by event-time TTL and by entry count, for the label join and request
 * pairing. Entries expire when the watermark passes eventTime + ttl; when full, the entry with
 * the oldest event time (ties: smallest key) is evicted, so which entry goes depends on the
 * set of entries, not on arrival order. Both kinds of eviction are counted by reason.
 */
export class EventTimeBuffer<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Min-heap by (eventTime, key) with lazy deletion of taken entries. */
  private heap: Entry<V>[] = [];
  private readonly evictionCounts: Record<EvictionReason, number> = { ttl: 0, capacity: 0 };

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get evictions(): Readonly<Record<EvictionReason, number>> {
    return { ...this.evictionCounts };
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores a value unless the key is present (returns false then); may evict for capacity. */
  put(key: string, eventTime: number, value: V): { stored: boolean; evicted: Evicted<V>[] } {
    if (this.entries.has(key)) return { stored: false, evicted: [] };
    const entry: Entry<V> = { key, value, eventTime, live: true };
    this.entries.set(key, entry);
    this.push(entry);
    const evicted: Evicted<V>[] = [];
    while (this.entries.size > this.capacity) {
      const oldest = this.popLive();
      if (oldest === undefined) break;
      this.entries.delete(oldest.key);
      this.evictionCounts.capacity += 1;
      evicted.push({ key: oldest.key, value: oldest.value, eventTime: oldest.eventTime, reason: 'capacity' });
    }
    return { stored: this.entries.has(key), evicted };
  }

  /**
   * The complete state, for checkpoints. Insertion order does not matter: eviction picks the
   * smallest (eventTime, key), so re-inserting the entries in any order restores the behaviour.
   */
  exportState(): EventTimeBufferState<V> {
    const entries = [...this.entries.values()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return { entries: entries.map(({ key, eventTime, value }) => ({ key, eventTime, value })), evictions: this.evictions };
  }

  /** Replaces the state with a checkpointed one. */
  importState(state: EventTimeBufferState<V>): void {
    this.entries.clear();
    this.heap = [];
    for (const { key, eventTime, value } of state.entries) {
      const entry: Entry<V> = { key, value, eventTime, live: true };
      this.entries.set(key, entry);
      this.push(entry);
    }
    this.evictionCounts.ttl = state.evictions.ttl;
    this.evictionCounts.capacity = state.evictions.capacity;
  }

  /** Removes and returns the value for a key (a match). */
  take(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.live = false;
    this.entries.delete(key);
    this.compactIfMostlyDead();
    return entry.value;
  }

  /** Evicts every entry with eventTime + ttl < watermark, oldest first. */
  expire(watermark: number): Evicted<V>[] {
    const evicted: Evicted<V>[] = [];
    for (;;) {
      const top = this.peekLive();
      if (top === undefined || top.eventTime + this.ttlMs >= watermark) break;
      this.popLive();
      this.entries.delete(top.key);
      this.evictionCounts.ttl += 1;
      evicted.push({ key: top.key, value: top.value, eventTime: top.eventTime, reason: 'ttl' });
    }
    return evicted;
  }

  private peekLive(): Entry<V> | undefined {
    while (this.heap.length > 0 && this.heap[0]?.live === false) this.popTop();
    return this.heap[0];
  }

  private popLive(): Entry<V> | undefined {
    const top = this.peekLive();
    if (top !== undefined) {
      this.popTop();
      top.live = false;
    }
    return top;
  }

  // Taken entries stay in the heap until they reach the top; rebuild when they dominate.
  private compactIfMostlyDead(): void {
    if (this.heap.length > 64 && this.heap.length > 2 * this.entries.size) {
      this.heap = this.heap.filter((e) => e.live);
      for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
  }

  private push(entry: Entry<V>): void {
    this.heap.push(entry);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.at(i), this.at(parent))) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private popTop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.heap.length && before(this.at(left), this.at(smallest))) smallest = left;
      if (right < this.heap.length && before(this.at(right), this.at(smallest))) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private at(i: number): Entry<V> {
    const entry = this.heap[i];
    if (entry === undefined) throw new RangeError(`heap index ${i} out of range`);
    return entry;
  }

  private swap(i: number, j: number): void {
    const a = this.at(i);
    this.heap[i] = this.at(j);
    this.heap[j] = a;
  }
}

function before<V>(a: Entry<V>, b: Entry<V>): boolean {
  return a.eventTime < b.eventTime || (a.eventTime === b.eventTime && a.key < b.key);
}
