import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/drift_reference.json' with { type: 'json' };
import { chiSquareSurvival, kolmogorovSurvival, regularizedGammaP, regularizedGammaQ } from './special-functions.js';

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe('special functions against scipy.special', () => {
  it('the regularized incomplete gamma P and Q match gammainc and gammaincc', () => {
    for (const { a, x, p, q } of fixture.special_functions.gamma) {
      // Absolute error for values near 1, relative error for the tails that p-values live in.
      expect(Math.abs(regularizedGammaP(a, x) - p)).toBeLessThan(1e-12);
      if (q > 1e-300) expect(relativeError(regularizedGammaQ(a, x), q)).toBeLessThan(1e-9);
    }
  });

  it('the Kolmogorov survival function matches scipy.special.kolmogorov', () => {
    for (const { lambda, q } of fixture.special_functions.kolmogorov) {
      expect(Math.abs(kolmogorovSurvival(lambda) - q)).toBeLessThan(1e-12);
      if (q > 1e-300) expect(relativeError(kolmogorovSurvival(lambda), q)).toBeLessThan(1e-9);
    }
  });

  it('the chi-square tail of the categorical cases matches chi2_contingency', () => {
    for (const c of Object.values(fixture.categorical)) {
      if (c.chi_square_dof === 0) continue;
      expect(relativeError(chiSquareSurvival(c.chi_square, c.chi_square_dof), c.chi_square_pvalue)).toBeLessThan(1e-9);
    }
  });

  it('invalid arguments give NaN or the limits, never a throw', () => {
    expect(regularizedGammaP(-1, 2)).toBeNaN();
    expect(regularizedGammaQ(1, Number.NaN)).toBeNaN();
    expect(regularizedGammaQ(2, Number.POSITIVE_INFINITY)).toBe(0);
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(Number.NaN)).toBeNaN();
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});
