import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureProfile } from './feature-profile.js';
import { rejectsEveryTruncation, rejectsWith } from './testing/rejects.js';
import { expectSameBytes } from './testing/expect-same-bytes.js';

function profileOf(values: readonly unknown[], kind?: 'numeric' | 'categorical'): FeatureProfile {
  const profile = kind === undefined ? new FeatureProfile() : new FeatureProfile({ kind });
  for (const value of values) profile.add(value);
  return profile;
}

const featureValues = fc.array(
  fc.oneof(
    fc.double(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom('red', 'green', 'blue', ''),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  ),
  { maxLength: 200 },
);

describe('FeatureProfile', () => {
  it('sends finite numbers to the digest and moments and counts the rest of a numeric feature', () => {
    const profile = profileOf([1, 2, null, undefined, Number.NaN, Number.POSITIVE_INFINITY, true, 'x', {}, [3], 3n], 'numeric');
    expect([profile.valid, profile.missing, profile.typeErrors, profile.observations]).toEqual([2, 2, 7, 11]);
    expect(profile.digest?.quantile(1)).toBe(2);
    expect(profile.moments?.mean).toBe(1.5);
    expect(profile.categories).toBeUndefined();
  });

  it('counts strings and booleans as categories and numbers as type errors for a categorical feature', () => {
    const profile = profileOf(['a', 'a', true, false, 1, Number.NaN, null], 'categorical');
    expect(profile.categories?.entries()).toEqual([['a', 2], ['false', 1], ['true', 1]]);
    expect([profile.valid, profile.missing, profile.typeErrors]).toEqual([4, 1, 2]);
    expect(profile.digest).toBeUndefined();
  });

  it('infers the kind from the first value that is neither missing nor of an unusable type', () => {
    expect(profileOf([null, {}, 'x', 4]).kind).toBe('categorical');
    expect(profileOf([undefined, Number.NaN, 'x']).kind).toBe('numeric');
    const undecided = profileOf([null, [], null]);
    expect([undecided.kind, undecided.missing, undecided.typeErrors]).toEqual([undefined, 2, 1]);
  });

  it('never throws, and accounts for every value offered', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 50 }), fc.constantFrom(undefined, 'numeric' as const, 'categorical' as const), (values, kind) => {
        const profile = profileOf(values, kind);
        expect(profile.observations).toBe(values.length);
      }),
    );
  });

  it('merges commutatively, keeping the kind with more valid values when kinds disagree', () => {
    fc.assert(
      fc.property(featureValues, featureValues, (a, b) => {
        const ab = profileOf(a).merge(profileOf(b));
        const ba = profileOf(b).merge(profileOf(a));
        expect(ab.kind).toBe(ba.kind);
        expect([ab.valid, ab.missing, ab.typeErrors]).toEqual([ba.valid, ba.missing, ba.typeErrors]);
        expect(ab.observations).toBe(a.length + b.length);
        if (ab.kind === 'categorical') expectSameBytes(ab.serialize(), ba.serialize());
      }),
    );
    const numeric = profileOf([1, 2, 3]);
    const categorical = profileOf(['a']);
    const merged = categorical.clone().merge(numeric);
    expect([merged.kind, merged.valid, merged.typeErrors]).toEqual(['numeric', 3, 1]);
  });

  it('merges associatively for counts and moments', () => {
    fc.assert(
      fc.property(featureValues, featureValues, featureValues, (a, b, c) => {
        const left = profileOf(a, 'numeric').merge(profileOf(b, 'numeric')).merge(profileOf(c, 'numeric'));
        const right = profileOf(a, 'numeric').merge(profileOf(b, 'numeric').merge(profileOf(c, 'numeric')));
        const whole = profileOf([...a, ...b, ...c], 'numeric');
        for (const merged of [left, right]) {
          expect([merged.valid, merged.missing, merged.typeErrors]).toEqual([whole.valid, whole.missing, whole.typeErrors]);
          expect([merged.digest?.min, merged.digest?.max]).toEqual([whole.digest?.min, whole.digest?.max]);
          expect(merged.moments?.count).toBe(whole.moments?.count);
        }
      }),
    );
  });

  it('round-trips every kind through serialization and rejects corrupt input', () => {
    fc.assert(
      fc.property(featureValues, (values) => {
        const profile = profileOf(values);
        const bytes = profile.serialize();
        const copy = FeatureProfile.deserialize(bytes);
        expectSameBytes(copy.serialize(), bytes);
        expect([copy.kind, copy.valid, copy.missing, copy.typeErrors]).toEqual([profile.kind, profile.valid, profile.missing, profile.typeErrors]);
      }),
    );
    const bytes = profileOf([1, 2, null]).serialize();
    expect(rejectsWith('SKETCH_UNDECODABLE', () => FeatureProfile.deserialize(Uint8Array.from([0, ...bytes.subarray(1)])))).toBe(true);
    expect(rejectsWith('SKETCH_UNDECODABLE', () => FeatureProfile.deserialize(Uint8Array.from([bytes[0]!, 9, ...bytes.subarray(2)])))).toBe(true);
    expect(rejectsEveryTruncation(bytes, (input) => FeatureProfile.deserialize(input))).toBe(true);
  });

  it('rejects invalid options when constructed, so add() cannot fail later', () => {
    expect(rejectsWith('SKETCH_OPTIONS_INVALID', () => new FeatureProfile({ compression: 1 }))).toBe(true);
    expect(rejectsWith('SKETCH_OPTIONS_INVALID', () => new FeatureProfile({ categoryCapacity: 0 }))).toBe(true);
  });
});
