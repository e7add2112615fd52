import { describe, expect, it } from 'vitest';
import { compress, type CentroidArrays } from './t-digest-compress.js';

function run(means: number[], weights: number[], pure: number[]): CentroidArrays {
  return { means: Float64Array.from(means), weights: Float64Array.from(weights), pure: Uint8Array.from(pure) };
}

describe('compress', () => {
  // 0.1 · (2/2.5) + 0.1 · (0.5/2.5) rounds to 0.10000000000000002: the blended mean of two
  // equal means used to land above both, past the digest's max, and the decoder refused it.
  it('keeps a blended mean between the two means it blends, even where rounding overshoots', () => {
    const overshoot = 0.1 * ((2.5 - 0.5) / 2.5) + 0.1 * (0.5 / 2.5);
    expect(overshoot).toBeGreaterThan(0.1);
    // Heavy point masses on both sides put the pair at the median, where it may merge.
    const { out, count } = compress(run([-1, 0.1], [500, 2], [1, 0]), 2, run([0.1, 1], [0.5, 497.5], [1, 1]), 2, 1_000, 100);
    expect(count).toBe(3);
    expect(out.means[1]).toBe(0.1);
    expect(out.weights[1]).toBe(2.5);
  });
});
