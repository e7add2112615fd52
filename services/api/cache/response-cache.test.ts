import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { canonicalJson, MIN_GZIP_BYTES, ResponseCache } from './response-cache.js';

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

  it('keeps a serialized body only beside the entry it was made from', async () => {
    const cache = new ResponseCache(10);
    const body = (text: string): Buffer => Buffer.from(text);
    const first = await cache.getOrCompute('k', () => Promise.resolve({ n: 1 }));
    cache.attachBody('k', first.etag, body('{"n":1}'));
    expect((await cache.getOrCompute('k', () => Promise.resolve({ n: 2 }))).body?.toString()).toBe('{"n":1}');
    cache.invalidate();
    const fresh = await cache.getOrCompute('k', () => Promise.resolve({ n: 2 }));
    cache.attachBody('k', first.etag, body('{"n":1}'));
    expect((await cache.getOrCompute('k', () => Promise.resolve({ n: 3 }))).body).toBeUndefined();
    cache.attachBody('k', fresh.etag, body('{"n":2}'));
    expect((await cache.getOrCompute('k', () => Promise.resolve({ n: 3 }))).body?.toString()).toBe('{"n":2}');
  });

  it('gzips a large body once and hands the same bytes to every later client', async () => {
    const cache = new ResponseCache(10);
    const text = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ modelId: `model-${String(i)}`, state: 'healthy' })) });
    const entry = await cache.getOrCompute('k', () => Promise.resolve(text));
    const body = Buffer.from(text);
    cache.attachBody('k', entry.etag, body);
    const gzipped = cache.gzipped('k', entry.etag, body);
    expect(gzipped === undefined ? undefined : gunzipSync(gzipped).toString()).toBe(text);
    expect(cache.gzipped('k', entry.etag, body)).toBe(gzipped);
  });

  it('sends a body under the gzip threshold as it is', async () => {
    const cache = new ResponseCache(10);
    const entry = await cache.getOrCompute('k', () => Promise.resolve('small'));
    const body = Buffer.alloc(MIN_GZIP_BYTES - 1, 'a');
    cache.attachBody('k', entry.etag, body);
    expect(cache.gzipped('k', entry.etag, body)).toBeUndefined();
  });

  it('compresses a body whose entry was dropped for that answer only', async () => {
    const cache = new ResponseCache(10);
    const entry = await cache.getOrCompute('k', () => Promise.resolve('before close'));
    const body = Buffer.alloc(MIN_GZIP_BYTES * 4, 'b');
    cache.attachBody('k', entry.etag, body);
    cache.invalidate();
    const once = cache.gzipped('k', entry.etag, body);
    expect(once === undefined ? undefined : gunzipSync(once).equals(body)).toBe(true);
    expect(cache.gzipped('k', entry.etag, body)).not.toBe(once);
  });
});

describe('canonicalJson', () => {
  it('gives the same text for the same query whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe(canonicalJson({ a: [2, { c: 'x' }], b: 1 }));
  });
});
