import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/drift_reference.json' with { type: 'json' };
import { Moments, TDigest } from '../sketches/index.js';
import { numericDrift } from './numeric-drift.js';

const FIXTURES = new URL('../../../test/reference/fixtures/', import.meta.url);

function loadSamples(file: string, nReference: number): { reference: Float32Array; current: Float32Array } {
  const bytes = readFileSync(new URL(file, FIXTURES));
  // Copy so the float32 view is aligned whatever the Buffer's offset.
  const values = new Float32Array(new Uint8Array(bytes).buffer);
  return { reference: values.subarray(0, nReference), current: values.subarray(nReference) };
}

function digestOf(values: Float32Array): TDigest {
  const digest = new TDigest();
  for (const v of values) digest.add(v);
  return digest;
}

const errors: Record<string, number> = {};
function track(metric: string, error: number): number {
  errors[metric] = Math.max(errors[metric] ?? 0, error);
  return error;
}

describe('numeric drift on t-digests (δ = 100) against scipy on the raw 100k samples', () => {
  for (const [name, c] of Object.entries(fixture.large)) {
    it(`stays within 0.01 of the exact values on the ${name} case`, () => {
      const { reference, current } = loadSamples(c.file, c.n_reference);
      const moments = new Moments();
      for (const v of reference) moments.add(v);
      expect(Math.abs(moments.std - c.reference_std) / c.reference_std).toBeLessThan(1e-9);
      const report = numericDrift({ sketch: digestOf(reference), std: moments.std }, digestOf(current));
      expect(track('psi', Math.abs(report.psi.value! - c.psi))).toBeLessThan(0.01);
      expect(track('ks_statistic', Math.abs(report.ks.value! - c.ks_statistic))).toBeLessThan(0.01);
      expect(track('jensen_shannon', Math.abs(report.jensenShannon.value! - c.jensen_shannon))).toBeLessThan(0.01);
      // W1 is integrated exactly over the digests' cdfs, which spread the last half-centroid evenly
      // up to the max. A Student t(2) sample (no finite variance) carries its W1 in those few
      // extreme values: measured 0.017 there (METRICS-NOTES.md), under 0.0025 on the other cases.
      const w1Tolerance = name === 'heavy_tailed_ties' ? 0.02 : 0.01;
      expect(track('wasserstein_normed', Math.abs(report.wassersteinNormed.value! - c.wasserstein_normed))).toBeLessThan(w1Tolerance);
      expect(track('hellinger', Math.abs(report.hellinger.value! - c.hellinger))).toBeLessThan(0.01);
    }, 60_000);
  }

  for (const name of ['heavy_tailed_ties', 'lognormal'] as const) {
    it(`stays within 0.01 when both digests were merged from 10 serialized partial windows (${name})`, () => {
      const c = fixture.large[name];
      const { reference, current } = loadSamples(c.file, c.n_reference);
      const merged = (values: Float32Array): TDigest => {
        const whole = new TDigest();
        const chunk = values.length / 10;
        for (let i = 0; i < 10; i++) whole.merge(TDigest.deserialize(digestOf(values.subarray(i * chunk, (i + 1) * chunk)).serialize()));
        return whole;
      };
      const report = numericDrift({ sketch: merged(reference), std: c.reference_std }, merged(current));
      expect(track('psi_merged', Math.abs(report.psi.value! - c.psi))).toBeLessThan(0.01);
      expect(track('ks_statistic_merged', Math.abs(report.ks.value! - c.ks_statistic))).toBeLessThan(0.01);
      expect(track('jensen_shannon_merged', Math.abs(report.jensenShannon.value! - c.jensen_shannon))).toBeLessThan(0.01);
      // W1 of a Student t(2) sample is carried by a few extreme values, which merged δ = 100 digests
      // fold into tail centroids of ~25 values: measured 0.027–0.030 there (see METRICS-NOTES.md).
      const w1Tolerance = name === 'heavy_tailed_ties' ? 0.05 : 0.01;
      expect(track(`wasserstein_normed_merged_${name}`, Math.abs(report.wassersteinNormed.value! - c.wasserstein_normed))).toBeLessThan(w1Tolerance);
      expect(track('hellinger_merged', Math.abs(report.hellinger.value! - c.hellinger))).toBeLessThan(0.01);
    }, 60_000);
  }

  it('prints the largest absolute errors observed', () => {
    console.log(JSON.stringify({ drift_tdigest_max_abs_errors: errors }));
    expect(Object.keys(errors)).toHaveLength(11);
  });
});
