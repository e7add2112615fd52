import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CategoricalCounts } from './categorical-counts.js';
import { rejectsEveryTruncation, rejectsWith } from './testing/rejects.js';
import { expectSameBytes } from './testing/expect-same-bytes.js';

function countsOf(values: readonly string[], capacity?: number): CategoricalCounts {
  const counts = capacity === undefined ? new CategoricalCounts() : new CategoricalCounts({ capacity });
  for (const value of values) counts.add(value);
  return counts;
}

function exactCounts(values: readonly string[]): Map<string, number> {
  const exact = new Map<string, number>();
  for (const value of values) exact.set(value, (exact.get(value) ?? 0) + 1);
  return exact;
}

/** A skewed stream over ~300 distinct values: "v<k>" with small k far more likely. */
const skewedValues = fc.array(fc.integer({ min: 0, max: 10_000 }).map((n) => `v${Math.floor((n / 10_000) ** 3 * 300)}`), { maxLength: 1_500, size: 'max' });
const fewValues = fc.array(fc.constantFrom('a', 'b', 'c', '', 'é', 'true'), { maxLength: 200 });

describe('CategoricalCounts', () => {
  it('counts exactly, in any arrival order, while under the cap', () => {
    fc.assert(
      fc.property(fewValues, fc.integer(), (values, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(values, { minLength: values.length }), { seed, numRuns: 1 })[0]!;
        const counts = countsOf(values);
        expectSameBytes(countsOf(shuffled).serialize(), counts.serialize());
        expect(new Map(counts.entries())).toEqual(exactCounts(values));
        expect([counts.total, counts.other, counts.errorBound, counts.isExact]).toEqual([values.length, 0, 0, true]);
      }),
    );
  });

  it('bounds every count by errorBound once more values arrive than the cap allows', () => {
    fc.assert(
      fc.property(skewedValues, fc.integer({ min: 1, max: 20 }), (values, capacity) => {
        const counts = countsOf(values, capacity);
        const exact = exactCounts(values);
        expect(counts.distinct).toBeLessThanOrEqual(2 * capacity);
        expect(counts.total).toBe(values.length);
        for (const [value, trueCount] of exact) {
          expect(counts.countOf(value)).toBeLessThanOrEqual(trueCount);
          expect(counts.countOf(value)).toBeGreaterThanOrEqual(trueCount - counts.errorBound);
        }
        // The Misra–Gries guarantee: the bound never exceeds n / (capacity + 1).
        expect(counts.errorBound).toBeLessThanOrEqual(values.length / (capacity + 1));
        expect(counts.other).toBe(values.length - counts.entries().reduce((sum, [, n]) => sum + n, 0));
      }),
    );
  });

  it('merges commutatively bit for bit and associatively within the error bound', () => {
    fc.assert(
      fc.property(skewedValues, skewedValues, skewedValues, fc.integer({ min: 1, max: 20 }), (a, b, c, capacity) => {
        expectSameBytes(countsOf(a, capacity).merge(countsOf(b, capacity)).serialize(), countsOf(b, capacity).merge(countsOf(a, capacity)).serialize());
        const left = countsOf(a, capacity).merge(countsOf(b, capacity)).merge(countsOf(c, capacity));
        const right = countsOf(a, capacity).merge(countsOf(b, capacity).merge(countsOf(c, capacity)));
        const exact = exactCounts([...a, ...b, ...c]);
        for (const merged of [left, right]) {
          expect(merged.total).toBe(a.length + b.length + c.length);
          for (const [value, trueCount] of exact) {
            expect(merged.countOf(value)).toBeLessThanOrEqual(trueCount);
            expect(merged.countOf(value)).toBeGreaterThanOrEqual(trueCount - merged.errorBound);
          }
        }
      }),
    );
  });

  it('is exactly associative while the merged summary stays under the cap', () => {
    fc.assert(
      fc.property(fewValues, fewValues, fewValues, (a, b, c) => {
        const left = countsOf(a).merge(countsOf(b)).merge(countsOf(c));
        const right = countsOf(a).merge(countsOf(b).merge(countsOf(c)));
        expectSameBytes(left.serialize(), right.serialize());
        expectSameBytes(left.serialize(), countsOf([...a, ...b, ...c]).serialize());
      }),
    );
  });

  it('counts missing values and type errors apart from values, and ignores invalid counts', () => {
    const counts = new CategoricalCounts().add('x', 2).addMissing().addMissing(3).addTypeError(2);
    counts.add('x', 0).add('x', 1.5).add('x', -1).addMissing(Number.NaN).addTypeError(0);
    expect([counts.total, counts.countOf('x'), counts.missing, counts.typeErrors]).toEqual([2, 2, 4, 2]);
  });

  it('lists entries by count, ties by value, and puts the rest in other for top-K', () => {
    const counts = countsOf(['b', 'a', 'c', 'c', 'b', 'd']);
    expect(counts.entries()).toEqual([['b', 2], ['c', 2], ['a', 1], ['d', 1]]);
    expect(counts.topK(2)).toEqual({ entries: [['b', 2], ['c', 2]], other: 2 });
  });

  it('round-trips through serialization and rejects corrupt input', () => {
    fc.assert(
      fc.property(skewedValues, fc.integer({ min: 1, max: 30 }), (values, capacity) => {
        const counts = countsOf(values, capacity).addMissing(3).addTypeError(1);
        const bytes = counts.serialize();
        const copy = CategoricalCounts.deserialize(bytes);
        expectSameBytes(copy.serialize(), bytes);
        expect([copy.capacity, copy.missing, copy.typeErrors, copy.errorBound]).toEqual([capacity, 3, 1, counts.errorBound]);
      }),
      { numRuns: 30 },
    );
    const bytes = countsOf(['a', 'b', 'b']).serialize();
    expect(rejectsWith('SKETCH_UNDECODABLE', () => CategoricalCounts.deserialize(Uint8Array.from([7, ...bytes.subarray(1)])))).toBe(true);
    expect(rejectsEveryTruncation(bytes, (input) => CategoricalCounts.deserialize(input))).toBe(true);
    expect(rejectsWith('SKETCH_UNDECODABLE', () => CategoricalCounts.deserialize(Uint8Array.from([...bytes, 0])))).toBe(true);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(rejectsWith('SKETCH_OPTIONS_INVALID', () => new CategoricalCounts({ capacity: 0 }))).toBe(true);
  });
});
