import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascendingUnion } from './ascending-union.js';

const sortedFinite = (lists: readonly (readonly number[])[]): number[] => lists.flat().filter(Number.isFinite).sort((a, b) => a - b);
const value = fc.oneof(fc.double({ noDefaultInfinity: false }), fc.integer({ min: -5, max: 5 }));

describe('ascendingUnion', () => {
  it('equals the sorted concatenation of the finite values of ascending lists', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 40 }), { maxLength: 6 }), (raw) => {
        const lists = raw.map((list) => [...list].sort((a, b) => a - b));
        expect(ascendingUnion(lists)).toEqual(sortedFinite(lists));
      }),
    );
  });

  it('still sorts when a list is out of order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 40 }), { maxLength: 6 }), (lists) => {
        expect(ascendingUnion(lists)).toEqual(sortedFinite(lists));
      }),
    );
  });

  it('drops NaN and infinities and keeps repeated values', () => {
    expect(ascendingUnion([[Number.NEGATIVE_INFINITY, 1, 2, 2], [Number.NaN], [0, 2, Number.POSITIVE_INFINITY]])).toEqual([0, 1, 2, 2, 2]);
  });
});
