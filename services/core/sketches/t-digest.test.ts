import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactQuantiles } from './exact-quantiles.js';
import { TDigest } from './t-digest.js';
import { rankError } from './testing/rank-error.js';
import { rejectsEveryTruncation, rejectsWith } from './testing/rejects.js';
import { DISTRIBUTIONS, sampleDistribution } from './testing/sample-distributions.js';
import { expectSameBytes } from './testing/expect-same-bytes.js';

function digestOf(values: Iterable<number>, compression?: number): TDigest {
  const digest = compression === undefined ? new TDigest() : new TDigest({ compression });
  for (const x of values) digest.add(x);
  return digest;
}

const GRID = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

describe('TDigest edge cases', () => {
  it('reports NaN quantiles, cdf, min and max while empty', () => {
    const digest = new TDigest();
    expect(digest.count).toBe(0);
    expect(digest.quantile(0.5)).toBeNaN();
    expect(digest.cdf(0)).toBeNaN();
    expect(digest.min).toBeNaN();
    expect(digest.max).toBeNaN();
  });

  it('answers every quantile with the value when it holds a single value', () => {
    const digest = digestOf([3.25]);
    for (const q of [0, 0.001, 0.5, 0.999, 1]) expect(digest.quantile(q)).toBe(3.25);
    expect(digest.cdf(3.24)).toBe(0);
    expect(digest.cdf(3.25)).toBe(1);
  });

  it('keeps all-equal values as one exact point mass', () => {
    const digest = digestOf(Array.from({ length: 50_000 }, () => -7));
    expect(digest.centroids().means).toEqual(Float64Array.of(-7));
    expect(digest.centroids().weights).toEqual(Float64Array.of(50_000));
    for (const q of GRID) expect(digest.quantile(q)).toBe(-7);
    expect(digest.cdf(-7.000001)).toBe(0);
    expect(digest.cdf(-7)).toBe(1);
  });

  it('reports a heavy tie exactly: every rank inside it, and cdf counting all of it (≤ convention)', () => {
    const positive = sampleDistribution('normal', 40_000, 9).map((x) => Math.abs(x) + 1e-9);
    const values = [...positive, ...Array.from({ length: 60_000 }, () => 0)];
    // 7,919 is prime to 100,000, so this visits every value once, with the zeros spread out.
    const shuffled = values.map((_, i) => values[(i * 7_919) % values.length]!);
    const digest = digestOf(shuffled);
    const exact = new ExactQuantiles(shuffled);
    for (const q of [0.001, 0.3, 0.59]) expect(digest.quantile(q)).toBe(0);
    expect(digest.cdf(0)).toBe(exact.cdf(0));
    expect(digest.cdf(-1e-12)).toBe(0);
  });

  it('ignores NaN, infinities and non-positive or non-finite weights', () => {
    const digest = digestOf([1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2]);
    digest.add(5, 0).add(5, -1).add(5, Number.NaN).add(5, Number.POSITIVE_INFINITY);
    expect(digest.count).toBe(2);
    expect(digest.max).toBe(2);
  });

  it('keeps the exact min and max', () => {
    const values = sampleDistribution('lognormal', 20_000, 3);
    const digest = digestOf(values);
    const exact = new ExactQuantiles(values);
    expect(digest.min).toBe(exact.min);
    expect(digest.max).toBe(exact.max);
    expect(digest.quantile(0)).toBe(exact.min);
    expect(digest.quantile(1)).toBe(exact.max);
    expect(digest.cdf(exact.max)).toBe(1);
    expect(digest.cdf(exact.min - 1e-9)).toBe(0);
  });

  it('treats a weighted value like as many repeated values', () => {
    const weighted = new TDigest();
    const repeated = new TDigest();
    for (let i = 0; i < 2_000; i++) {
      weighted.add(i, (i % 3) + 1);
      for (let k = 0; k <= i % 3; k++) repeated.add(i);
    }
    expect(weighted.count).toBe(repeated.count);
    for (const q of GRID) expect(Math.abs(weighted.quantile(q) - repeated.quantile(q))).toBeLessThan(20);
  });

  it('returns centroids in ascending mean order whose weights add up to the count', () => {
    const digest = digestOf(sampleDistribution('bimodal', 30_000, 4));
    const { means, weights } = digest.centroids();
    expect(means.length).toBe(weights.length);
    for (let i = 1; i < means.length; i++) expect(means[i]!).toBeGreaterThanOrEqual(means[i - 1]!);
    expect(weights.reduce((a, b) => a + b, 0)).toBe(30_000);
  });

  it('answers the same after compact() releases the buffer, and keeps accepting values', () => {
    const values = sampleDistribution('normal', 5_000, 6);
    const digest = digestOf(values);
    const before = digest.serialize();
    expect(digest.compact().serialize()).toEqual(before);
    digest.add(1e6);
    expect([digest.count, digest.max]).toEqual([5_001, 1e6]);
  });

  it('rejects a compression outside [10, 10000] with SKETCH_OPTIONS_INVALID', () => {
    for (const compression of [0, 5, Number.NaN, 20_000]) {
      expect(rejectsWith('SKETCH_OPTIONS_INVALID', () => new TDigest({ compression }))).toBe(true);
    }
  });
});

describe('TDigest accuracy on 100k samples against exact quantiles of the raw data', () => {
  for (const name of DISTRIBUTIONS) {
    it(`meets the rank-error goals on the ${name} distribution`, () => {
      const values = sampleDistribution(name, 100_000, 11);
      const digest = digestOf(values);
      const exact = new ExactQuantiles(values);
      expect(rankError(exact, digest.quantile(0.5), 0.5)).toBeLessThanOrEqual(0.005);
      expect(rankError(exact, digest.quantile(0.01), 0.01)).toBeLessThanOrEqual(0.001);
      expect(rankError(exact, digest.quantile(0.99), 0.99)).toBeLessThanOrEqual(0.001);
      for (const q of GRID) {
        expect(rankError(exact, digest.quantile(q), q)).toBeLessThanOrEqual(0.005);
        const x = exact.quantile(q);
        expect(Math.abs(digest.cdf(x) - exact.cdf(x))).toBeLessThanOrEqual(0.005);
      }
      expect(digest.serialize().length).toBeLessThanOrEqual(4096);
    });
  }
});

describe('TDigest merge', () => {
  // size 'max': fast-check otherwise keeps arrays tiny, where every digest is exact.
  const sample = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5, max: 5 })), { maxLength: 3_000, size: 'max' });

  /**
   * The documented bound for arbitrary input: three k1 centroid widths π·sqrt(q(1−q))/δ plus 2/n
   * (about 0.05 at the median for δ = 100; the worst observed is two widths).
   */
  function assertWithinRankError(digest: TDigest, values: number[]): void {
    const exact = new ExactQuantiles(values);
    expect(digest.count).toBe(exact.count);
    if (exact.count === 0) return;
    expect(digest.min).toBe(exact.min);
    expect(digest.max).toBe(exact.max);
    for (const q of GRID) {
      const bound = (3 * Math.PI * Math.sqrt(q * (1 - q))) / digest.compression + 2 / exact.count;
      expect(rankError(exact, digest.quantile(q), q)).toBeLessThanOrEqual(bound);
    }
  }

  it('is commutative and associative within the rank-error bound, with exact count, min and max', () => {
    fc.assert(
      fc.property(sample, sample, sample, (a, b, c) => {
        const all = [...a, ...b, ...c];
        const left = digestOf(a).merge(digestOf(b)).merge(digestOf(c));
        const right = digestOf(a).merge(digestOf(b).merge(digestOf(c)));
        const swapped = digestOf(c).merge(digestOf(b)).merge(digestOf(a));
        for (const merged of [left, right, swapped]) assertWithinRankError(merged, all);
      }),
      { numRuns: 40 },
    );
  });

  it('meets the 100k accuracy goals after merging 20 partial digests', () => {
    const values = sampleDistribution('lognormal', 100_000, 12);
    const merged = new TDigest();
    for (let part = 0; part < 20; part++) merged.merge(digestOf(values.subarray(part * 5_000, (part + 1) * 5_000)));
    const exact = new ExactQuantiles(values);
    expect(rankError(exact, merged.quantile(0.5), 0.5)).toBeLessThanOrEqual(0.005);
    expect(rankError(exact, merged.quantile(0.01), 0.01)).toBeLessThanOrEqual(0.001);
    expect(rankError(exact, merged.quantile(0.99), 0.99)).toBeLessThanOrEqual(0.001);
    expect(merged.serialize().length).toBeLessThanOrEqual(4096);
  });

  it('leaves the merged-in digest and clones unchanged', () => {
    const other = digestOf([1, 2, 3]);
    const before = other.serialize();
    const target = digestOf([10]);
    const copy = target.clone();
    target.merge(other);
    expect(other.serialize()).toEqual(before);
    expect(copy.count).toBe(1);
    expect(target.count).toBe(4);
  });

  it('treats negative zero as zero so min, max and quantiles do not depend on merge order', () => {
    const ab = digestOf([0]).merge(digestOf([-0]));
    const ba = digestOf([-0]).merge(digestOf([0]));
    expectSameBytes(ab.serialize(), ba.serialize());
    expect(Object.is(ba.min, 0)).toBe(true);
    expect(Object.is(ba.quantile(0.5), 0)).toBe(true);
  });

  it('keeps the larger compression of the two', () => {
    expect(new TDigest({ compression: 50 }).merge(digestOf([1], 200)).compression).toBe(200);
  });
});

describe('TDigest serialization', () => {
  it('round-trips any digest to the same answers and the same bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 3 })), { maxLength: 2_000, size: 'max' }), fc.boolean(), (values, weighted) => {
        const digest = new TDigest();
        values.forEach((x, i) => digest.add(x, weighted ? 0.5 + (i % 4) : 1));
        const bytes = digest.serialize();
        const copy = TDigest.deserialize(bytes);
        expectSameBytes(copy.serialize(), bytes);
        expect(copy.count).toBe(digest.count);
        for (const q of [0, 0.1, 0.5, 0.9, 1]) expect(Object.is(copy.quantile(q), digest.quantile(q))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  // A merge leaves fewer centroids than the arrays hold; the stale purity flags past the last
  // centroid once leaked into the padding bits, so a decoded copy serialized differently.
  function digestWithStaleFlags(): TDigest {
    const digest = digestOf(Array.from({ length: 5_000 }, (_, i) => i));
    return digest.merge(digestOf([7, 7, 7]));
  }
  // Byte 10 is the one-byte varint centroid count (fewer than 128 centroids at δ = 100).
  const centroidCountOf = (bytes: Uint8Array): number => bytes[10] as number;

  it('writes zero padding after the last purity flag, so a decoded copy has the same bytes', () => {
    const bytes = digestWithStaleFlags().serialize();
    const k = centroidCountOf(bytes);
    expect(k % 8).not.toBe(0);
    expect((bytes[bytes.length - 1] as number) >> k % 8).toBe(0);
    expectSameBytes(TDigest.deserialize(bytes).serialize(), bytes);
  });

  it('reads sketches stored with stale padding bits and writes them back with zero padding', () => {
    const bytes = digestWithStaleFlags().serialize();
    expect(centroidCountOf(bytes) % 8).not.toBe(0);
    const stale = bytes.slice();
    stale[stale.length - 1] = (stale[stale.length - 1] as number) | 0x80;
    expectSameBytes(TDigest.deserialize(stale).serialize(), bytes);
  });

  it('rejects an unknown version, every truncation, trailing bytes and disordered centroids', () => {
    const bytes = digestOf(sampleDistribution('normal', 5_000, 5)).serialize();
    const rejects = (input: Uint8Array): boolean => rejectsWith('SKETCH_UNDECODABLE', () => TDigest.deserialize(input));
    expect(rejects(Uint8Array.from([99, ...bytes.subarray(1)]))).toBe(true);
    expect(rejectsEveryTruncation(bytes, (input) => TDigest.deserialize(input))).toBe(true);
    expect(rejects(Uint8Array.from([...bytes, 0]))).toBe(true);
    const disordered = bytes.slice();
    // The first mean follows the 1 + 1 + 8 + varint + 8 + 8 byte header; make it larger than max.
    const headerEnd = 1 + 1 + 8 + 1 + 8 + 8;
    new DataView(disordered.buffer).setFloat64(headerEnd, 1e300, true);
    expect(rejects(disordered)).toBe(true);
  });
});
