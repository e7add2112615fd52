import { describe, expect, it } from 'vitest';
import type { ModelWindowProfile } from '../../core/profile/index.js';
import { PartialCache, partialId } from './partial-cache.js';

const profile = (name: string): ModelWindowProfile => ({ name }) as unknown as ModelWindowProfile;

describe('PartialCache', () => {
  it('returns a cached profile only while the stored event count matches', () => {
    const cache = new PartialCache(1_000);
    const p = profile('a');
    cache.put('a', p, 10, 100);
    expect(cache.get('a', 10)).toBe(p);
    expect(cache.get('a', 11)).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('evicts the least recently used entries once the byte budget is exceeded', () => {
    const cache = new PartialCache(250);
    cache.put('a', profile('a'), 1, 100);
    cache.put('b', profile('b'), 1, 100);
    cache.get('a', 1);
    cache.put('c', profile('c'), 1, 100);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
    expect(cache.bytes).toBe(200);
  });

  it('replaces an entry without counting its bytes twice and skips entries larger than the budget', () => {
    const cache = new PartialCache(150);
    cache.put('a', profile('a'), 1, 100);
    cache.put('a', profile('a2'), 2, 120);
    expect(cache.bytes).toBe(120);
    expect(cache.size).toBe(1);
    cache.put('huge', profile('h'), 1, 151);
    expect(cache.get('huge', 1)).toBeUndefined();
    expect(cache.get('a', 2)).toBeDefined();
  });

  it('names a partial by model key, kind, window start and partition', () => {
    expect(partialId('m|1|champion', 'label', 3_600_000, 2)).toBe('m|1|champion#label#3600000#2');
  });
});
