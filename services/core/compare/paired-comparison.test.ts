import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { exactProfileParts } from '../profile/exact-profile-parts.js';
import { PairedComparison } from './paired-comparison.js';
import { pairedProportionDifference, wilsonInterval, Z_95 } from './proportion-intervals.js';
import type { PredictionPair } from './request-pairing.js';

function pair(championScore: number, challengerScore: number): PredictionPair {
  const side = (modelVersion: string, score: number, deploymentRole: 'champion' | 'shadow') => ({
    modelVersion,
    deploymentRole,
    eventTime: 0,
    label: score >= 0.5 ? 'yes' : 'no',
    score,
  });
  return { modelId: 'm', requestId: 'r', champion: side('v1', championScore, 'champion'), challenger: side('v2', challengerScore, 'shadow') };
}

const scores: [number, number][] = [
  [0.9, 0.8],
  [0.6, 0.4],
  [0.2, 0.7],
  [0.1, 0.15],
  [0.55, 0.65],
  [0.3, 0.2],
];

describe('PairedComparison', () => {
  it('computes agreement, score differences and the paired selection difference from the pairs', () => {
    const comparison = new PairedComparison('yes', exactProfileParts);
    for (const [a, b] of scores) comparison.add(pair(a, b));
    const summary = comparison.summary(Z_95);
    // agreements: rows 1, 4, 5, 6; only champion positive: row 2; only challenger positive: row 3.
    expect(summary.agreement).toEqual(wilsonInterval(4, 6, Z_95));
    expect(summary.selectionRateDifference).toEqual(pairedProportionDifference(1, 1, 6, Z_95));
    const diffs = scores.map(([a, b]) => b - a);
    const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
    expect(summary.meanScoreDifference.estimate).toBeCloseTo(mean, 12);
  });

  it('gives the same summary when merged from parts as when built at once', () => {
    const whole = new PairedComparison('yes', exactProfileParts);
    const left = new PairedComparison('yes', exactProfileParts);
    const right = new PairedComparison('yes', exactProfileParts);
    scores.forEach(([a, b], i) => {
      whole.add(pair(a, b));
      (i < 2 ? left : right).add(pair(a, b));
    });
    expect(right.clone().merge(left).serialize()).toEqual(whole.serialize());
  });

  it('round-trips through bytes and rejects truncated input', () => {
    const comparison = new PairedComparison('yes', exactProfileParts);
    for (const [a, b] of scores) comparison.add(pair(a, b));
    const bytes = comparison.serialize();
    expect(PairedComparison.deserialize(bytes, exactProfileParts).serialize()).toEqual(bytes);
    let error: unknown;
    try {
      PairedComparison.deserialize(bytes.subarray(0, 10), exactProfileParts);
    } catch (e) {
      error = e;
    }
    expect(isVigilError(error, 'WINDOW_STATE_CORRUPT')).toBe(true);
  });
});
