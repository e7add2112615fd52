import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { TDigest } from './t-digest.js';
import { withExactDigestState } from './t-digest-exact-state.js';

const values = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => Math.sin(from + i) * 100);

describe('t-digest exact state', () => {
  it('restores a digest with unmerged values that continues exactly like the original, without flushing it', () => {
    const twin = new TDigest({ compression: 10 });
    const original = new TDigest({ compression: 10 });
    const add = (v: number) => {
      for (const digest of [twin, original]) digest.add(v, v > 50 ? 2 : 1);
    };
    values(0, 130).forEach(add);
    const exact = withExactDigestState(() => original.serialize());
    const restored = TDigest.deserialize(exact);
    expect(withExactDigestState(() => restored.serialize())).toEqual(exact);
    for (const v of values(130, 260)) {
      add(v);
      restored.add(v, v > 50 ? 2 : 1);
    }
    expect(restored.serialize()).toEqual(twin.serialize());
    expect(original.serialize()).toEqual(twin.serialize());
  });

  it('changes nothing outside withExactDigestState: serialize() still writes the flushed version 1 summary', () => {
    const digest = new TDigest();
    for (const v of values(0, 50)) digest.add(v);
    expect(digest.serialize()[0]).toBe(1);
    expect(withExactDigestState(() => digest.serialize())[0]).toBe(2);
  });

  it('rejects truncated exact state', () => {
    const digest = new TDigest();
    for (const v of values(0, 50)) digest.add(v);
    const exact = withExactDigestState(() => digest.serialize());
    let error: unknown;
    try {
      TDigest.deserialize(exact.subarray(0, exact.length - 1));
    } catch (e) {
      error = e;
    }
    expect(isVigilError(error, 'SKETCH_UNDECODABLE')).toBe(true);
  });
});
