// Compares the sketches with numpy on the committed datasets of test/reference/gen_sketches.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CategoricalCounts } from './categorical-counts.js';
import { ExactQuantiles } from './exact-quantiles.js';
import { Moments } from './moments.js';
import { TDigest } from './t-digest.js';
import { rankError } from './testing/rank-error.js';

interface NumericReference {
  name: string;
  size: number;
  quantiles: { q: number[]; linear: number[] };
  mean: number;
  var_ddof0: number;
  var_ddof1: number;
  min: number;
  max: number;
}
interface SketchesReference {
  numeric: NumericReference[];
  categorical: { codes: number[]; counts: Record<string, number> };
}

const fixtures = new URL('../../../test/reference/fixtures/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('sketches-reference.json', fixtures), 'utf8')) as SketchesReference;
const raw = readFileSync(new URL('sketches-samples.f64le.bin', fixtures));
const allSamples = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1e-300, Math.abs(expected));
}

let offset = 0;
for (const dataset of reference.numeric) {
  const samples = allSamples.subarray(offset, offset + dataset.size);
  offset += dataset.size;

  describe(`the ${dataset.name} dataset against numpy`, () => {
    it('gives the same exact quantiles as numpy.quantile (linear method)', () => {
      const exact = new ExactQuantiles(samples);
      dataset.quantiles.q.forEach((q, i) => {
        expect(relativeError(exact.quantile(q), dataset.quantiles.linear[i]!)).toBeLessThan(1e-12);
      });
    });

    it('puts each numpy quantile within the t-digest rank-error goals', () => {
      const digest = new TDigest();
      for (const x of samples) digest.add(x);
      const exact = new ExactQuantiles(samples);
      expect(digest.min).toBe(dataset.min);
      expect(digest.max).toBe(dataset.max);
      dataset.quantiles.q.forEach((q, i) => {
        const tolerance = q === 0.01 || q === 0.99 ? 0.001 : 0.005;
        expect(rankError(exact, digest.quantile(q), q)).toBeLessThanOrEqual(tolerance);
        const numpyValue = dataset.quantiles.linear[i]!;
        expect(Math.abs(digest.cdf(numpyValue) - exact.cdf(numpyValue))).toBeLessThanOrEqual(tolerance);
      });
    });

    it('matches numpy mean, population and sample variance, min and max', () => {
      const moments = new Moments();
      for (const x of samples) moments.add(x);
      expect(relativeError(moments.mean, dataset.mean)).toBeLessThan(1e-12);
      expect(relativeError(moments.variance, dataset.var_ddof0)).toBeLessThan(1e-10);
      expect(relativeError(moments.sampleVariance, dataset.var_ddof1)).toBeLessThan(1e-10);
      expect([moments.min, moments.max]).toEqual([dataset.min, dataset.max]);
    });
  });
}

describe('categorical counts against numpy.unique', () => {
  const values = reference.categorical.codes.map((code) => `c${code}`);
  const expected = Object.entries(reference.categorical.counts);

  it('match exactly when the capacity covers every distinct value', () => {
    const counts = new CategoricalCounts({ capacity: expected.length });
    for (const value of values) counts.add(value);
    expect(counts.isExact).toBe(true);
    expect(new Map(counts.entries())).toEqual(new Map(expected));
  });

  it('stay within the Misra–Gries bound and keep the heavy values under a small capacity', () => {
    const counts = new CategoricalCounts({ capacity: 20 });
    for (const value of values) counts.add(value);
    expect(counts.errorBound).toBeGreaterThan(0);
    expect(counts.errorBound).toBeLessThanOrEqual(values.length / 21);
    for (const [value, trueCount] of expected) {
      expect(counts.countOf(value)).toBeLessThanOrEqual(trueCount);
      expect(counts.countOf(value)).toBeGreaterThanOrEqual(trueCount - counts.errorBound);
      if (trueCount > counts.errorBound) expect(counts.countOf(value)).toBeGreaterThan(0);
    }
  });
});
