import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/drift_reference.json' with { type: 'json' };
import { ExactQuantiles } from '../sketches/exact-quantiles.js';
import { FeatureProfile, TDigest } from '../sketches/index.js';
import { featureQuality } from './feature-quality.js';
import { missingRate, newCategoryRate, outOfRangeRate, typeErrorRate } from './quality-rates.js';

const FIXTURES = new URL('../../../test/reference/fixtures/', import.meta.url);

function loadSamples(file: string, nReference: number): { reference: Float32Array; current: Float32Array } {
  const values = new Float32Array(new Uint8Array(readFileSync(new URL(file, FIXTURES))).buffer);
  return { reference: values.subarray(0, nReference), current: values.subarray(nReference) };
}

describe('out-of-range rate against numpy', () => {
  it('is exact on sorted-array sketches, ties at the reference bounds included', () => {
    for (const c of Object.values(fixture.small)) {
      const reference = new ExactQuantiles(c.reference);
      const rate = outOfRangeRate(new ExactQuantiles(c.current), reference);
      expect(Math.abs(rate.value! - c.out_of_range_rate)).toBeLessThan(1e-12);
    }
  });

  it('stays within 5e-4 of the exact rate on 100k-value t-digests', () => {
    let maxError = 0;
    for (const c of Object.values(fixture.large)) {
      const { reference, current } = loadSamples(c.file, c.n_reference);
      const digest = new TDigest();
      for (const v of current) digest.add(v);
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of reference) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const error = Math.abs(outOfRangeRate(digest, { min, max }).value! - c.out_of_range_rate);
      maxError = Math.max(maxError, error);
      expect(error).toBeLessThan(5e-4);
    }
    console.log(JSON.stringify({ out_of_range_tdigest_max_abs_error: maxError }));
  }, 60_000);

  it('is null with a reason for an empty window or a reference without a range', () => {
    expect(outOfRangeRate(new TDigest(), { min: 0, max: 1 }).reason).toMatch(/no finite values/);
    expect(outOfRangeRate(new ExactQuantiles([1]), { min: Number.NaN, max: Number.NaN }).reason).toMatch(/no finite range/);
  });

  it('counts nothing out of range against a reference without variance when values equal it', () => {
    expect(outOfRangeRate(new ExactQuantiles([3, 3, 3]), { min: 3, max: 3 }).value).toBe(0);
    expect(outOfRangeRate(new ExactQuantiles([3, 3, 4, 2]), { min: 3, max: 3 }).value).toBe(0.5);
    expect(outOfRangeRate(new ExactQuantiles([0, -1]), { min: 0, max: 1 }).value).toBe(0.5);
  });
});

describe('missing, type-error and new-category rates', () => {
  it('divides by every value offered and applies warn 0.05 / critical 0.2', () => {
    expect(missingRate({ observations: 100, missing: 4, typeErrors: 0 }).severity).toBe('ok');
    expect(missingRate({ observations: 100, missing: 5, typeErrors: 0 }).severity).toBe('warn');
    expect(typeErrorRate({ observations: 10, missing: 0, typeErrors: 2 }).severity).toBe('critical');
    expect(missingRate({ observations: 0, missing: 0, typeErrors: 0 }).value).toBeNull();
  });

  it('counts current values whose category the reference never saw, ignoring invalid counts', () => {
    const rate = newCategoryRate(['a', 'b'], [['a', 8], ['c', 2], ['d', Number.NaN]]);
    expect(rate.value).toBe(0.2);
    expect(rate.severity).toBe('critical');
    expect(newCategoryRate(['a'], []).value).toBeNull();
  });

  it('reads every rate from feature profiles with NaN, Infinity and null inputs', () => {
    const reference = new FeatureProfile({ kind: 'numeric' });
    for (const v of [1, 2, 3, 4]) reference.add(v);
    const current = new FeatureProfile({ kind: 'numeric' });
    for (const v of [2, 5, null, Number.NaN, Number.POSITIVE_INFINITY, 'x', 3, undefined]) current.add(v);
    const report = featureQuality(reference, current);
    expect(report.missingRate.value).toBe(2 / 8);
    expect(report.typeErrorRate.value).toBe(3 / 8);
    expect(report.outOfRangeRate?.value).toBeCloseTo(1 / 3, 12);
    const refCategories = new FeatureProfile({ kind: 'categorical' }).add('red').add('blue');
    const curCategories = new FeatureProfile({ kind: 'categorical' }).add('red').add('green').add(7);
    const categorical = featureQuality(refCategories, curCategories);
    expect(categorical.newCategoryRate?.value).toBe(0.5);
    expect(categorical.typeErrorRate.value).toBeCloseTo(1 / 3, 12);
  });
});
