import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/drift_reference.json' with { type: 'json' };
import { ExactQuantiles } from '../sketches/exact-quantiles.js';
import { ksPValue, ksStatistic } from './ks.js';
import { numericDrift } from './numeric-drift.js';
import { referenceQuantileBins } from './shared-bins.js';

const FIXTURES = new URL('../../../test/reference/fixtures/', import.meta.url);

/** The reference samples then the current samples, float32 little-endian, as the generator wrote them. */
function loadSamples(file: string, nReference: number): { reference: number[]; current: number[] } {
  const bytes = readFileSync(new URL(file, FIXTURES));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
  return { reference: values.slice(0, nReference), current: values.slice(nReference) };
}

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

const errors: Record<string, number> = {};
function track(metric: string, error: number): number {
  errors[metric] = Math.max(errors[metric] ?? 0, error);
  return error;
}

describe('numeric drift on exact sorted-array sketches against numpy and scipy (100k samples)', () => {
  for (const [name, c] of Object.entries(fixture.large)) {
    it(`matches the reference on the ${name} case`, () => {
      const { reference, current } = loadSamples(c.file, c.n_reference);
      const ref = new ExactQuantiles(reference);
      const cur = new ExactQuantiles(current);
      const bins = referenceQuantileBins(ref, cur, fixture.bins);
      expect(bins.edges).toEqual(c.edges);
      const report = numericDrift({ sketch: ref, std: c.reference_std }, cur);
      // Same bins and same data: the binned distances are exact up to rounding.
      expect(track('psi', relativeError(report.psi.value!, c.psi))).toBeLessThan(1e-9);
      expect(track('jensen_shannon', relativeError(report.jensenShannon.value!, c.jensen_shannon))).toBeLessThan(1e-9);
      expect(track('hellinger', Math.abs(report.hellinger.value! - c.hellinger))).toBeLessThan(1e-9);
      // A sorted array's cdf is a step function with its values as breakpoints: KS and W1 are exact.
      expect(track('ks_statistic', Math.abs(report.ks.value! - c.ks_statistic))).toBeLessThan(1e-12);
      expect(report.ks.detail?.['p_value']).toBeNull();
      expect(track('wasserstein_normed', relativeError(report.wassersteinNormed.value!, c.wasserstein_normed))).toBeLessThan(1e-9);
    }, 60_000);
  }

  for (const [name, c] of Object.entries(fixture.small)) {
    it(`computes the exact KS statistic and the asymptotic p-value on the small ${name} case`, () => {
      const ref = new ExactQuantiles(c.reference);
      const cur = new ExactQuantiles(c.current);
      const statistic = ksStatistic(ref, cur);
      expect(track('ks_statistic_small', Math.abs(statistic - c.ks_statistic))).toBeLessThan(1e-12);
      const p = ksPValue(c.ks_statistic, c.reference.length, c.current.length);
      expect(track('ks_pvalue_stephens', relativeError(p, c.ks_pvalue_stephens))).toBeLessThan(1e-9);
      track('ks_pvalue_vs_scipy_asymp_abs', Math.abs(p - c.ks_pvalue_scipy_asymp));
      const report = numericDrift({ sketch: ref, std: c.reference_std }, cur);
      expect(report.ks.detail?.['p_value']).toBeCloseTo(c.ks_pvalue_stephens, 12);
      expect(relativeError(report.psi.value!, c.psi)).toBeLessThan(1e-9);
      expect(relativeError(report.jensenShannon.value!, c.jensen_shannon)).toBeLessThan(1e-9);
      expect(relativeError(report.wassersteinNormed.value!, c.wasserstein_normed)).toBeLessThan(1e-9);
    });
  }

  it('prints the largest errors observed', () => {
    console.log(JSON.stringify({ drift_exact_sketch_max_errors: errors }));
    expect(Object.keys(errors).length).toBeGreaterThan(0);
  });
});
