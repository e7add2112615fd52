import { describe, expect, it } from 'vitest';
import { canonicalJson, ResponseCache } from './response-cache.js';

describe('ResponseCache', () => {
  it('computes once and then answers from memory with the same ETag', async () => {
    const cache = new ResponseCache(10);
    let computed = 0;
    const compute = () => Promise.resolve({ n: ++computed });
    const first = await cache.getOrCompute('k', compute);
    const second = await cache.getOrCompute('k', compute);
    expect([first.hit, second.hit, second.value, computed]).toEqual([false, true, { n: 1 }, 1]);
    expect(second.etag).toBe(first.etag);
  });

  it('shares one computation between concurrent identical requests', async () => {
    const cache = new ResponseCache(10);
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return computed;
    };
    const answers = await Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
    expect(answers.map((a) => a.value)).toEqual([1, 1]);
  });

  it('does not keep an answer whose computation straddled an invalidation', async () => {
    const cache = new ResponseCache(10);
    let release!: () => void;
    const slow = cache.getOrCompute(
      'k',
      () =>
        new Promise<string>((resolve) => {
          release = () => {
            resolve('before close');
          };
        }),
    );
    cache.invalidate();
    release();
    expect((await slow).value).toBe('before close');
    expect((await cache.getOrCompute('k', () => Promise.resolve('after close'))).value).toBe('after close');
  });

  it('forgets a failed computation so the next request tries again', async () => {
    const cache = new ResponseCache(10);
    await expect(cache.getOrCompute('k', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect((await cache.getOrCompute('k', () => Promise.resolve('ok'))).value).toBe('ok');
  });
});

describe('canonicalJson', () => {
  it('gives the same text for the same query whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe(canonicalJson({ a: [2, { c: 'x' }], b: 1 }));
  });
  it('keeps a serialized body only beside the entry it was made from', async () => {
    const cache = new ResponseCache(10);
    const first = await cache.getOrCompute('k', () => Promise.resolve({ n: 1 }));
    cache.attachBody('k', first.etag, '{"n":1}');
    expect((await cache.getOrCompute('k', () => Promise.resolve({ n: 2 }))).body).toBe('{"n":1}');
    cache.invalidate();
    const fresh = await cache.getOrCompute('k', () => Promise.resolve({ n: 2 }));
    cache.attachBody('k', first.etag, '{"n":1}');
    expect((await cache.getOrCompute('k', () => Promise.resolve({ n: 3 }))).body).toBeUndefined();
    cache.attachBody('k', fresh.etag, '{"n":2}');
    expect((await cache.getOrCompute('k', () => Promise.resolve({ n: 3 }))).body).toBe('{"n":2}');
  });
});
