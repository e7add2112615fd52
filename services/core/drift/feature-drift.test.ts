import { describe, expect, it } from 'vitest';
import { FeatureProfile } from '../sketches/index.js';
import { datasetDriftShare } from './drift-share.js';
import { OTHER_CATEGORY } from './categorical-drift.js';
import { featureDrift } from './feature-drift.js';

function profile(kind: 'numeric' | 'categorical', values: unknown[]): FeatureProfile {
  const p = new FeatureProfile({ kind });
  for (const v of values) p.add(v);
  return p;
}

describe('feature drift from profiles', () => {
  const ref = profile('numeric', Array.from({ length: 2000 }, (_, i) => (i % 100) / 10));
  const same = profile('numeric', Array.from({ length: 1500 }, (_, i) => (i % 100) / 10));
  const shifted = profile('numeric', Array.from({ length: 1500 }, (_, i) => (i % 100) / 10 + 3));

  it('compares numeric profiles and counts PSI by default', () => {
    const stable = featureDrift(ref, same);
    const drifted = featureDrift(ref, shifted);
    expect(stable.kind).toBe('numeric');
    expect(stable.primary.metric).toBe('psi');
    expect(stable.primary.severity).toBe('ok');
    expect(drifted.primary.severity).toBe('critical');
    expect(featureDrift(ref, shifted, { numericMetric: 'wasserstein_normed' }).primary.metric).toBe('wasserstein_normed');
  });

  it('compares categorical profiles with Jensen–Shannon by default', () => {
    const a = profile('categorical', [...Array<string>(60).fill('x'), ...Array<string>(40).fill('y')]);
    const b = profile('categorical', [...Array<string>(20).fill('x'), ...Array<string>(70).fill('y'), ...Array<string>(10).fill('z')]);
    const report = featureDrift(a, b);
    expect(report.kind).toBe('categorical');
    expect(report.primary.metric).toBe('jensen_shannon');
    expect(report.kind === 'categorical' && report.report.newCategories).toEqual(['z']);
  });

  it('keeps the weight of categories folded away by bounded counts in an "other" bin that is never new', () => {
    const values = (prefix: string) => [...Array<string>(50).fill('a'), ...Array<string>(30).fill('b'), ...Array.from({ length: 40 }, (_, i) => `${prefix}${i}`)];
    const bounded = (v: string[]) => {
      const p = new FeatureProfile({ kind: 'categorical', categoryCapacity: 2 });
      for (const x of v) p.add(x);
      return p;
    };
    const same = featureDrift(bounded(values('r')), bounded(values('r')));
    expect(same.kind === 'categorical' && same.report.lInfinity.value).toBe(0);
    const exactReference = bounded([...Array<string>(50).fill('a'), ...Array<string>(30).fill('b')]);
    const current = bounded(values('c'));
    expect(current.categories!.other).toBeGreaterThan(0);
    const report = featureDrift(exactReference, current);
    expect(report.kind === 'categorical' && report.report.newCategories).not.toContain(OTHER_CATEGORY);
    // The folded weight still counts against the reference's proportions.
    expect(report.kind === 'categorical' && report.report.lInfinity.value).toBeGreaterThan(0.2);
  });

  it('does not compare a numeric reference with a categorical window, and the share skips it', () => {
    const mismatch = featureDrift(ref, profile('categorical', ['a']));
    expect(mismatch.kind).toBe('unknown');
    expect(mismatch.primary.reason).toMatch(/numeric but the current window is categorical/);
    const share = datasetDriftShare([featureDrift(ref, same).primary, featureDrift(ref, shifted).primary, mismatch.primary]);
    expect(share.value).toBe(0.5);
  });

  it('handles empty profiles without throwing', () => {
    const empty = featureDrift(new FeatureProfile({ kind: 'numeric' }), new FeatureProfile({ kind: 'numeric' }));
    expect(empty.primary.value).toBeNull();
  });
});
