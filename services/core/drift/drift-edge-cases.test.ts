import { describe, expect, it } from 'vitest';
import { TDigest } from '../sketches/index.js';
import { datasetDriftShare } from './drift-share.js';
import { ExactQuantiles } from '../sketches/exact-quantiles.js';
import { metricValue, nullMetric, severityOf, type MetricValue } from './metric-value.js';
import { numericDrift } from './numeric-drift.js';

function allValues(report: ReturnType<typeof numericDrift>): MetricValue[] {
  return [report.psi, report.ks, report.jensenShannon, report.wassersteinNormed, report.hellinger];
}

function noNaN(report: ReturnType<typeof numericDrift>): void {
  for (const m of allValues(report)) expect(m.value === null || Number.isFinite(m.value)).toBe(true);
}

describe('numeric drift on degenerate inputs', () => {
  it('reports every metric as null with a reason when the current window is empty', () => {
    const report = numericDrift({ sketch: new ExactQuantiles([1, 2, 3]), std: 0.8 }, new ExactQuantiles([]));
    for (const m of allValues(report)) {
      expect(m.value).toBeNull();
      expect(m.reason).toMatch(/current window/);
    }
  });

  it('reports every metric as null when the reference is empty', () => {
    const report = numericDrift({ sketch: new TDigest(), std: Number.NaN }, new ExactQuantiles([1]));
    for (const m of allValues(report)) expect(m.reason).toMatch(/reference/);
  });

  it('handles a single value and a reference without variance without NaN', () => {
    const constant = new ExactQuantiles([4, 4, 4, 4]);
    const report = numericDrift({ sketch: constant, std: 0 }, new ExactQuantiles([4]));
    noNaN(report);
    expect(report.psi.value).toBe(0);
    expect(report.ks.value).toBe(0);
    expect(report.wassersteinNormed.value).toBeNull();
    expect(report.wassersteinNormed.reason).toMatch(/no variance/);
  });

  it('sees a shift away from a constant reference as maximal KS drift', () => {
    const report = numericDrift({ sketch: new ExactQuantiles([4, 4, 4]), std: 0 }, new ExactQuantiles([5, 6]));
    noNaN(report);
    expect(report.ks.value).toBe(1);
    expect(report.jensenShannon.value).toBe(1);
  });

  it('ignores NaN, Infinity and null-like inputs when building the exact sketch', () => {
    const sketch = new ExactQuantiles([1, Number.NaN, Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY, 3]);
    expect(sketch.count).toBe(3);
    const report = numericDrift({ sketch, std: Math.sqrt(2 / 3) }, new ExactQuantiles([1, 2, 3]));
    expect(report.psi.value).toBe(0);
    expect(report.wassersteinNormed.value).toBe(0);
    expect(report.hellinger.severity).toBe('ok');
  });

  it('identical t-digests show no drift', () => {
    const a = new TDigest();
    for (let i = 0; i < 5000; i++) a.add(Math.sin(i) * 10);
    const report = numericDrift({ sketch: a, std: 7 }, a);
    expect(report.psi.value).toBeLessThan(1e-9);
    expect(report.ks.value).toBe(0);
    expect(report.wassersteinNormed.value).toBe(0);
  });
});

describe('severities and the dataset drift share', () => {
  const psi = { warn: 0.1, critical: 0.25, rule: 'at_least' } as const;

  it('applies warn and critical thresholds inclusively for drift distances', () => {
    expect(severityOf(0.099, psi)).toBe('ok');
    expect(severityOf(0.1, psi)).toBe('warn');
    expect(severityOf(0.25, psi)).toBe('critical');
    expect(severityOf(null, psi)).toBe('not_evaluated');
  });

  it('turns a non-finite value into null with a reason instead of NaN', () => {
    const m = metricValue('psi', Number.NaN, psi);
    expect(m.value).toBeNull();
    expect(m.reason).toMatch(/not finite/);
  });

  it('counts features at warn or worse and skips those not evaluated', () => {
    const features = [metricValue('psi', 0.3, psi), metricValue('psi', 0.12, psi), metricValue('psi', 0.01, psi), metricValue('psi', 0.02, psi), nullMetric('psi', 'empty')];
    const share = datasetDriftShare(features);
    expect(share.value).toBe(0.5);
    expect(share.severity).toBe('critical');
    expect(share.detail).toEqual({ features: 4, drifted: 2 });
    expect(datasetDriftShare([metricValue('psi', 0.12, psi), metricValue('psi', 0, psi), metricValue('psi', 0, psi)]).severity).toBe('warn');
  });

  it('reports a null share when no feature was evaluated', () => {
    expect(datasetDriftShare([]).value).toBeNull();
  });
});
