import { expect } from 'vitest';
import { FeatureProfile } from '../sketches/feature-profile.js';
import type { DigestWithMoments } from './digest-with-moments.js';
import type { ModelWindowProfile } from './model-window-profile.js';
import { ClassificationScorerAdapter } from './sketch-profile-parts.js';

// What the determinism tests compare: a production-kit profile as plain facts. Counts must be
// equal exactly; floating sums and moments within rounding; quantiles within sketch error.

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

function numberFacts(summary: unknown): Record<string, unknown> | null {
  if (summary === null) return null;
  const { digest, moments } = summary as DigestWithMoments;
  return {
    count: digest.count,
    min: digest.min,
    max: digest.max,
    moments: { count: moments.count, min: moments.min, max: moments.max, mean: moments.mean, variance: moments.variance },
    quantiles: QUANTILES.map((q) => digest.quantile(q)),
  };
}

function featureFacts(feature: FeatureProfile): Record<string, unknown> {
  return {
    kind: feature.kind,
    missing: feature.missing,
    typeErrors: feature.typeErrors,
    valid: feature.valid,
    categories: feature.categories?.entries() ?? null,
    numbers: feature.digest === undefined || feature.moments === undefined ? null : numberFacts({ digest: feature.digest, moments: feature.moments }),
  };
}

/** Narrows a part to the production kit's class (these tests use sketchProfileParts). */
export function instance<T>(value: unknown, type: abstract new (...args: never[]) => T): T {
  if (!(value instanceof type)) throw new Error(`expected a ${type.name}`);
  return value;
}

const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes.subarray(1))) as unknown;

export function profileFacts(p: ModelWindowProfile): Record<string, unknown> {
  return {
    predictions: p.predictions,
    joined: p.joined,
    eventTimes: [p.minEventTime, p.maxEventTime],
    predictedClasses: [...p.predictedClasses.entries()].sort(),
    classOverflow: p.classOverflow,
    quality: p.quality,
    decisionGroups: json(p.decisionGroups.serialize()),
    outcomeGroups: json(p.outcomeGroups.serialize()),
    features: Object.fromEntries([...p.features.entries()].sort().map(([name, f]) => [name, featureFacts(instance(f, FeatureProfile))])),
    positiveScore: numberFacts(p.positiveScore),
    predictedValue: numberFacts(p.predictedValue),
    latencyMs: numberFacts(p.latencyMs),
    labelDelayMs: numberFacts(p.labelDelayMs),
    classification: p.classification === null ? null : json(instance(p.classification, ClassificationScorerAdapter).accumulator.serialize()),
    regression: p.regression === null ? null : json(p.regression.serialize()),
  };
}

/**
 * Integers (every count) must be equal; other numbers within 1e-9 relative (floating-point sums
 * and moments in another order); `quantiles` within `quantileShare` of the value range.
 */
export function expectSameFacts(actual: unknown, expected: unknown, quantileShare: number, path = '', range = 0): void {
  if (typeof actual === 'number' && typeof expected === 'number') {
    if (Object.is(actual, expected)) return;
    if (Number.isInteger(expected) && Number.isInteger(actual)) expect(actual, path).toBe(expected);
    else if (path.includes('quantiles')) expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(quantileShare * range + 1e-12);
    else expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    expect(actual, path).toEqual(expected);
    return;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  expect(Object.keys(a), path).toEqual(Object.keys(e));
  const spread = typeof e['max'] === 'number' && typeof e['min'] === 'number' ? e['max'] - e['min'] : range;
  for (const key of Object.keys(e)) expectSameFacts(a[key], e[key], quantileShare, `${path}.${key}`, spread);
}
