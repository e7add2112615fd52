import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.js';

describe('LruCache', () => {
  it('forgets the least recently used entry when it grows past its bound', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('replaces a value without growing and empties on clear', () => {
    const cache = new LruCache<string>(3);
    cache.set('k', 'old');
    cache.set('k', 'new');
    expect(cache.get('k')).toBe('new');
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.get('k')).toBeUndefined();
  });

  it('refuses a bound below one', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
