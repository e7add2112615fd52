import { VigilError } from '../../shared/errors.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';

export interface CategoricalCountsOptions {
  /** Distinct values kept after a reduction. Default 200. */
  capacity?: number;
}

export const DEFAULT_CATEGORY_CAPACITY = 200;
const VERSION = 1;

/**
 * Counts of categorical values with bounded memory, plus missing and type-error counts.
 *
 * Policy (deterministic): counts are exact while at most 2·capacity distinct values are held.
 * When a new value would exceed that, a Misra–Gries reduction subtracts the (capacity+1)-th
 * largest count from every entry and drops those that reach zero, so ties at the cut are all
 * kept or all dropped and no tie-break depends on arrival order. Reported counts are then
 * lower bounds: true − errorBound ≤ countOf(v) ≤ true for every v, and every value whose true
 * share exceeds errorBound / total is retained. `other` is the weight not attributed to a kept
 * value. Below the cap the summary is a pure function of the multiset of values; above it, it
 * may depend on arrival order, but only within errorBound. Merge follows Agarwal et al. 2012
 * ("Mergeable summaries"): add counts, then reduce the same way.
 */
export class CategoricalCounts {
  private capacityValue: number;
  private readonly counts = new Map<string, number>();
  private totalValue = 0;
  private missingValue = 0;
  private typeErrorValue = 0;
  private errorBoundValue = 0;

  constructor(options: CategoricalCountsOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_CATEGORY_CAPACITY;
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new VigilError('SKETCH_OPTIONS_INVALID', 'capacity must be a positive integer', { capacity });
    }
    this.capacityValue = capacity;
  }

  /** Distinct values kept after a reduction (the summary holds at most twice as many). */
  get capacity(): number {
    return this.capacityValue;
  }

  /** Number of (non-missing, well-typed) values counted. */
  get total(): number {
    return this.totalValue;
  }

  get missing(): number {
    return this.missingValue;
  }

  get typeErrors(): number {
    return this.typeErrorValue;
  }

  /** Largest possible undercount of any single value; 0 while counts are exact. */
  get errorBound(): number {
    return this.errorBoundValue;
  }

  get isExact(): boolean {
    return this.errorBoundValue === 0;
  }

  /** Number of distinct values currently held. */
  get distinct(): number {
    return this.counts.size;
  }

  /** Weight not attributed to any held value (what an "other" bucket holds). */
  get other(): number {
    let held = 0;
    for (const count of this.counts.values()) held += count;
    return this.totalValue - held;
  }

  /** Counts `count` occurrences of `value`; a count that is not a positive safe integer is ignored. */
  add(value: string, count = 1): this {
    if (!isCount(count)) return this;
    this.totalValue += count;
    this.counts.set(value, (this.counts.get(value) ?? 0) + count);
    if (this.counts.size > 2 * this.capacity) this.reduce();
    return this;
  }

  addMissing(count = 1): this {
    if (isCount(count)) this.missingValue += count;
    return this;
  }

  addTypeError(count = 1): this {
    if (isCount(count)) this.typeErrorValue += count;
    return this;
  }

  /** Count of `value` (a lower bound once errorBound > 0); 0 when not held. */
  countOf(value: string): number {
    return this.counts.get(value) ?? 0;
  }

  /** Held values by descending count, ties by ascending value (UTF-16 order). */
  entries(): Array<[value: string, count: number]> {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** The k most frequent values and the weight of everything else. */
  topK(k: number): { entries: Array<[value: string, count: number]>; other: number } {
    const entries = this.entries().slice(0, Math.max(0, k));
    const kept = entries.reduce((sum, [, count]) => sum + count, 0);
    return { entries, other: this.totalValue - kept };
  }

  /** Folds `other` in (other is not changed). The result keeps the larger capacity of the two. */
  merge(other: CategoricalCounts): this {
    this.capacityValue = Math.max(this.capacityValue, other.capacityValue);
    for (const [value, count] of other.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + count);
    this.totalValue += other.totalValue;
    this.missingValue += other.missingValue;
    this.typeErrorValue += other.typeErrorValue;
    this.errorBoundValue += other.errorBoundValue;
    if (this.counts.size > 2 * this.capacity) this.reduce();
    return this;
  }

  clone(): CategoricalCounts {
    return new CategoricalCounts({ capacity: this.capacity }).merge(this);
  }

  /** version u8 = 1, varints capacity, total, missing, typeErrors, errorBound, k; then k × (utf-8 string, varint count) in entries() order. */
  serialize(): Uint8Array {
    const writer = new ByteWriter(64 + this.counts.size * 16);
    writer.u8(VERSION).varint(this.capacity).varint(this.totalValue).varint(this.missingValue);
    writer.varint(this.typeErrorValue).varint(this.errorBoundValue).varint(this.counts.size);
    for (const [value, count] of this.entries()) writer.string(value).varint(count);
    return writer.finish();
  }

  static deserialize(bytes: Uint8Array): CategoricalCounts {
    const reader = new ByteReader(bytes, 'categorical-counts');
    reader.version(VERSION);
    const capacity = reader.varint();
    if (capacity < 1) throw reader.fail('capacity must be positive');
    const counts = new CategoricalCounts({ capacity });
    counts.totalValue = reader.varint();
    counts.missingValue = reader.varint();
    counts.typeErrorValue = reader.varint();
    counts.errorBoundValue = reader.varint();
    const size = reader.varint();
    if (size > 2 * capacity) throw reader.fail('more entries than the capacity allows');
    let held = 0;
    for (let i = 0; i < size; i++) {
      const value = reader.string();
      const count = reader.varint();
      if (count < 1 || counts.counts.has(value)) throw reader.fail('invalid or duplicate entry');
      counts.counts.set(value, count);
      held += count;
    }
    reader.end();
    if (held > counts.totalValue) throw reader.fail('entries exceed the total');
    return counts;
  }

  /** Misra–Gries step: subtract the (capacity+1)-th largest count from all, drop non-positive. */
  private reduce(): void {
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.capacity] ?? 0;
    if (cut === 0) return;
    for (const [value, count] of this.counts) {
      if (count <= cut) this.counts.delete(value);
      else this.counts.set(value, count - cut);
    }
    this.errorBoundValue += cut;
  }
}

function isCount(count: number): boolean {
  return Number.isSafeInteger(count) && count > 0;
}
