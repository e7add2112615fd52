import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

describe('token buckets', () => {
  it('allows a minute of requests at once, then one per refill interval', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(buckets.take('k').allowed).toBe(true);
    const refused = buckets.take('k');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 1000 });
    now += 999;
    expect(buckets.take('k').allowed).toBe(false);
    now += 1;
    expect(buckets.take('k').allowed).toBe(true);
  });

  it('keeps callers apart', () => {
    const buckets = new TokenBuckets(1, () => 0);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });

  it('forgets idle callers when over its bound without forgetting anyone mid-limit', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now, 2);
    buckets.take('a');
    buckets.take('a');
    now += 60_000;
    buckets.take('b');
    buckets.take('b');
    buckets.take('c');
    // 'b' is empty and was not forgotten: still refused.
    expect(buckets.take('b').allowed).toBe(false);
  });
});
