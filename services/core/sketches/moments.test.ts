import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Moments } from './moments.js';
import { rejectsEveryTruncation, rejectsWith } from './testing/rejects.js';
import { expectSameBytes } from './testing/expect-same-bytes.js';

function momentsOf(values: readonly number[]): Moments {
  const moments = new Moments();
  for (const x of values) moments.add(x);
  return moments;
}

/** Two-pass mean and sum of squared deviations from the raw values (shifted by the first value, exactly, to avoid cancellation). */
function twoPass(values: readonly number[]): { mean: number; m2: number } {
  const shift = values[0] ?? 0;
  const shiftedMean = values.reduce((a, b) => a + (b - shift), 0) / values.length;
  return { mean: shift + shiftedMean, m2: values.reduce((sum, x) => sum + (x - shift - shiftedMean) ** 2, 0) };
}

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 300 });

function expectClose(actual: number, expected: number, scale: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected), scale));
}

describe('Moments', () => {
  it('reports NaN statistics while empty, and a zero variance for one value', () => {
    const empty = new Moments();
    expect(empty.count).toBe(0);
    for (const stat of [empty.mean, empty.variance, empty.sampleVariance, empty.min, empty.max]) expect(stat).toBeNaN();
    const one = momentsOf([4]);
    expect([one.mean, one.variance, one.min, one.max]).toEqual([4, 0, 4, 4]);
    expect(one.sampleVariance).toBeNaN();
  });

  it('ignores NaN, infinities and non-positive weights', () => {
    const moments = momentsOf([1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3]);
    moments.add(100, 0).add(100, -2);
    expect([moments.count, moments.mean, moments.variance]).toEqual([2, 2, 1]);
  });

  it('matches a two-pass computation on the raw values', () => {
    fc.assert(
      fc.property(values.filter((v) => v.length > 1), (xs) => {
        const moments = momentsOf(xs);
        const exact = twoPass(xs);
        expectClose(moments.mean, exact.mean, 1e6);
        expectClose(moments.variance, exact.m2 / xs.length, 1e12);
        expectClose(moments.sampleVariance, exact.m2 / (xs.length - 1), 1e12);
        // `+ 0` turns -0 into 0: Moments stores negative zero as zero (see below).
        expect(moments.min).toBe(Math.min(...xs) + 0);
        expect(moments.max).toBe(Math.max(...xs) + 0);
      }),
    );
  });

  it('stays accurate for a tiny spread around a huge offset', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => 1e9 + (i % 10) * 0.001);
    const exact = twoPass(xs);
    expect(Math.abs(momentsOf(xs).variance - exact.m2 / xs.length) / (exact.m2 / xs.length)).toBeLessThan(1e-9);
  });

  it('treats a weight as that many repeated values', () => {
    const weighted = new Moments().add(1, 3).add(5, 1);
    const repeated = momentsOf([1, 1, 1, 5]);
    expect(weighted.count).toBe(4);
    expectClose(weighted.mean, repeated.mean, 1);
    expectClose(weighted.variance, repeated.variance, 1);
  });

  it('merges commutatively and associatively to the sequential result', () => {
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        const sequential = momentsOf([...a, ...b, ...c]);
        const left = momentsOf(a).merge(momentsOf(b)).merge(momentsOf(c));
        const right = momentsOf(c).merge(momentsOf(b).merge(momentsOf(a)));
        for (const merged of [left, right]) {
          expect(merged.count).toBe(sequential.count);
          if (sequential.count === 0) continue;
          expectClose(merged.mean, sequential.mean, 1e6);
          expectClose(merged.m2, sequential.m2, 1e12 * sequential.count);
          expect([merged.min, merged.max]).toEqual([sequential.min, sequential.max]);
        }
        expectSameBytes(momentsOf(a).merge(momentsOf(b)).serialize(), momentsOf(b).merge(momentsOf(a)).serialize());
      }),
    );
  });

  it('treats negative zero as zero so min and max do not depend on merge order', () => {
    const left = momentsOf([-0]).merge(momentsOf([0]));
    const right = momentsOf([0]).merge(momentsOf([-0]));
    expect(Object.is(left.min, 0) && Object.is(left.max, 0)).toBe(true);
    expect(left.serialize()).toEqual(right.serialize());
  });

  it('round-trips through serialization bit for bit and leaves clones independent', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const moments = momentsOf(xs);
        const bytes = moments.serialize();
        expectSameBytes(Moments.deserialize(bytes).serialize(), bytes);
        const clone = moments.clone().add(1);
        expect(clone.count).toBe(moments.count + 1);
      }),
    );
  });

  it('rejects an unknown version, truncation, trailing bytes and a negative M2', () => {
    const bytes = momentsOf([1, 2, 3]).serialize();
    expect(rejectsWith('SKETCH_UNDECODABLE', () => Moments.deserialize(Uint8Array.from([2, ...bytes.subarray(1)])))).toBe(true);
    expect(rejectsEveryTruncation(bytes, (input) => Moments.deserialize(input))).toBe(true);
    expect(rejectsWith('SKETCH_UNDECODABLE', () => Moments.deserialize(Uint8Array.from([...bytes, 1])))).toBe(true);
    const corrupt = bytes.slice();
    new DataView(corrupt.buffer).setFloat64(25, -1, true);
    expect(rejectsWith('SKETCH_UNDECODABLE', () => Moments.deserialize(corrupt))).toBe(true);
  });
});
