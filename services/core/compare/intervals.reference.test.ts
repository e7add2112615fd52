import { describe, expect, it } from 'vitest';
import fixture from '../../../test/reference/fixtures/compare_intervals.json' with { type: 'json' };
import { ExactNumberSummary } from '../profile/exact-profile-parts.js';
import { meanDifference, meanInterval } from './mean-intervals.js';
import { newcombeDifference, pairedProportionDifference, wilsonInterval, Z_95 } from './proportion-intervals.js';

// Reference numbers: test/reference/gen_compare_intervals.py (scipy binomtest Wilson, Newcombe's formula).

function moments(values: number[]) {
  const summary = new ExactNumberSummary();
  for (const v of values) summary.add(v);
  return summary.sampleMoments();
}

describe('confidence intervals against the scipy reference', () => {
  it('uses the same z as scipy for a two-sided 95 % interval', () => {
    expect(Z_95).toBeCloseTo(fixture.z, 14);
  });

  it.each(fixture.wilson)('matches the Wilson interval of scipy for $k of $n', ({ k, n, lower, upper }) => {
    const interval = wilsonInterval(k, n, fixture.z);
    expect(interval.lower).toBeCloseTo(lower, 12);
    expect(interval.upper).toBeCloseTo(upper, 12);
  });

  it.each(fixture.newcombe)('matches Newcombe’s interval for $k1/$n1 − $k2/$n2', ({ k1, n1, k2, n2, estimate, lower, upper }) => {
    const interval = newcombeDifference(k1, n1, k2, n2, fixture.z);
    expect(interval.estimate).toBeCloseTo(estimate, 12);
    expect(interval.lower).toBeCloseTo(lower, 12);
    expect(interval.upper).toBeCloseTo(upper, 12);
    expect(interval.significant).toBe(lower > 0 || upper < 0);
  });

  it.each(fixture.paired)('matches the paired difference interval for b=$onlyFirst, c=$onlySecond, n=$n', ({ onlyFirst, onlySecond, n, estimate, lower, upper }) => {
    const interval = pairedProportionDifference(onlyFirst, onlySecond, n, fixture.z);
    expect(interval.estimate).toBeCloseTo(estimate, 12);
    expect(interval.lower).toBeCloseTo(lower, 12);
    expect(interval.upper).toBeCloseTo(upper, 12);
  });

  it('matches the normal-approximation interval for a difference of means', () => {
    const { a, b, estimate, lower, upper } = fixture.meanDifference;
    const interval = meanDifference(moments(a), moments(b), fixture.z);
    expect(interval.estimate).toBeCloseTo(estimate, 10);
    expect(interval.lower).toBeCloseTo(lower, 10);
    expect(interval.upper).toBeCloseTo(upper, 10);
  });

  it('matches the normal-approximation interval for a mean', () => {
    const { values, lower, upper } = fixture.meanInterval;
    const interval = meanInterval(moments(values), fixture.z);
    expect(interval.lower).toBeCloseTo(lower, 10);
    expect(interval.upper).toBeCloseTo(upper, 10);
  });
});
