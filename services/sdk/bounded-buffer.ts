/**
 * A FIFO with two capacities (events and bytes) that refuses instead of growing or
 * blocking: the model server's request path must never wait on Kafka. Entries leave only
 * from the head, after the batch that holds them is acknowledged or given up, so a batch
 * under retry keeps counting against the capacity and memory stays bounded.
 */
export type OfferOutcome = 'accepted' | 'full_events' | 'full_bytes';

export interface BoundedBufferLimits {
  readonly maxEvents: number;
  readonly maxBytes: number;
}

export class BoundedBuffer<T> {
  private items: { value: T; bytes: number }[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly limits: BoundedBufferLimits) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  offer(value: T, bytes: number): OfferOutcome {
    if (this.size >= this.limits.maxEvents) return 'full_events';
    if (this.bytes + bytes > this.limits.maxBytes) return 'full_bytes';
    this.items.push({ value, bytes });
    this.bytes += bytes;
    return 'accepted';
  }

  /** The head entries that fit in one batch (always at least one when not empty). */
  peek(maxEvents: number, maxBytes: number): T[] {
    const batch: T[] = [];
    let batchBytes = 0;
    for (let i = this.head; i < this.items.length && batch.length < maxEvents; i++) {
      const entry = this.items[i];
      if (entry === undefined) break;
      if (batch.length > 0 && batchBytes + entry.bytes > maxBytes) break;
      batch.push(entry.value);
      batchBytes += entry.bytes;
    }
    return batch;
  }

  /** The value at the head, without removing it. */
  first(): T | undefined {
    return this.items[this.head]?.value;
  }

  /** Removes `count` head entries and returns them. */
  removeHead(count: number): T[] {
    const end = Math.min(this.head + count, this.items.length);
    const removed: T[] = [];
    for (let i = this.head; i < end; i++) {
      const entry = this.items[i];
      if (entry === undefined) continue;
      removed.push(entry.value);
      this.bytes -= entry.bytes;
    }
    this.head = end;
    this.compact();
    return removed;
  }

  // Amortised O(1): the array is sliced only once the dead prefix is at least half of it.
  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
