import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TDigest } from './t-digest.js';

const values = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5, max: 5 })), { minLength: 0, maxLength: 3_000 });
const probes = fc.array(fc.double({ min: -2e6, max: 2e6, noNaN: true }), { maxLength: 300 });
const ranks = fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { maxLength: 300 });

function digestOf(xs: readonly number[]): TDigest {
  const digest = new TDigest({ compression: 20 });
  for (const x of xs) digest.add(x);
  return digest;
}

describe('TDigest batch reads at ascending points', () => {
  it('return exactly what one quantile call per rank returns', () => {
    fc.assert(
      fc.property(values, ranks, (xs, qs) => {
        const digest = digestOf(xs);
        const ascending = [...qs].sort((a, b) => a - b);
        expect(digest.quantilesAscending(ascending)).toEqual(ascending.map((q) => digest.quantile(q)));
      }),
      { numRuns: 200 },
    );
  });

  it('return exactly what one cdf call per point returns', () => {
    fc.assert(
      fc.property(values, probes, (xs, points) => {
        const digest = digestOf(xs);
        const ascending = [...points, ...xs.slice(0, 50)].sort((a, b) => a - b);
        expect(digest.cdfsAscending(ascending)).toEqual(ascending.map((x) => digest.cdf(x)));
      }),
      { numRuns: 200 },
    );
  });
});
