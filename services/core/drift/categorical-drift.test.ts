import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/drift_reference.json' with { type: 'json' };
import { categoricalDrift } from './categorical-drift.js';

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe('categorical drift against scipy', () => {
  for (const [name, c] of Object.entries(fixture.categorical)) {
    it(`matches L∞, Jensen–Shannon and chi2_contingency on the ${name} case`, () => {
      const report = categoricalDrift(c.reference, new Map(Object.entries(c.current as Record<string, number>)));
      expect(relativeError(report.lInfinity.value!, c.l_infinity)).toBeLessThan(1e-9);
      expect(relativeError(report.jensenShannon.value!, c.jensen_shannon)).toBeLessThan(1e-9);
      expect(relativeError(report.chiSquare.value!, c.chi_square)).toBeLessThan(1e-9);
      expect(report.chiSquare.detail?.['dof']).toBe(c.chi_square_dof);
      const small = Object.values(c.reference).reduce((a, b) => a + b, 0) <= 1000 && Object.values(c.current).reduce((a, b) => a + b, 0) <= 1000;
      if (small) expect(relativeError(report.chiSquare.detail?.['p_value'] ?? Number.NaN, c.chi_square_pvalue)).toBeLessThan(1e-9);
      else expect(report.chiSquare.detail?.['p_value']).toBeNull();
    });
  }

  it('puts a category absent from the reference in its own bin and reports it', () => {
    const c = fixture.categorical.new_category;
    const report = categoricalDrift(c.reference, c.current);
    expect(report.newCategories).toEqual(['violet']);
    expect(report.newCategoryShare).toBeCloseTo(40 / 850, 15);
  });

  it('judges small samples by the chi-square p-value and large ones by distances only', () => {
    expect(categoricalDrift(fixture.categorical.two_categories.reference, fixture.categorical.two_categories.current).chiSquare.severity).toBe('critical');
    expect(categoricalDrift(fixture.categorical.large.reference, fixture.categorical.large.current).chiSquare.severity).toBe('not_evaluated');
  });

  it('returns null metrics with a reason for an empty side, and ignores invalid counts', () => {
    const empty = categoricalDrift({ a: 3 }, {});
    expect(empty.lInfinity.value).toBeNull();
    expect(empty.lInfinity.reason).toMatch(/current window/);
    expect(empty.newCategoryShare).toBeNull();
    const invalid = categoricalDrift({ a: 5, b: Number.NaN }, { a: 5, b: -2 });
    expect(invalid.lInfinity.value).toBe(0);
    expect(invalid.chiSquare.value).toBe(0);
  });

  it('reports no drift for a single category on both sides', () => {
    const report = categoricalDrift({ only: 10 }, { only: 4 });
    expect(report.lInfinity.value).toBe(0);
    expect(report.jensenShannon.value).toBe(0);
    expect(report.chiSquare.detail?.['dof']).toBe(0);
  });
});
