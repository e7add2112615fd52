import type { Clock } from '../api-deps.js';

export interface TakeResult {
  readonly allowed: boolean;
  /** When refused: milliseconds until one token is back. */
  readonly retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/**
 * One token bucket per caller (key id or client address): `perMinute` tokens, refilled
 * continuously, so a burst of a full minute's allowance is possible and then the steady rate.
 * Buckets that would be full again are forgotten when the map grows past `maxBuckets`.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxBuckets = 100_000,
  ) {
    this.#perMs = perMinute / 60_000;
  }

  take(caller: string): TakeResult {
    const now = this.clock();
    const bucket = this.#refilled(caller, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.#perMs) };
  }

  #refilled(caller: string, now: number): Bucket {
    let bucket = this.#buckets.get(caller);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.maxBuckets) this.#forgetFull(now);
      bucket = { tokens: this.perMinute, updatedAtMs: now };
      this.#buckets.set(caller, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAtMs);
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + elapsed * this.#perMs);
    bucket.updatedAtMs = now;
    return bucket;
  }

  /** A full bucket is the same as no bucket; drop those (and, if none, the oldest) to bound memory. */
  #forgetFull(now: number): void {
    for (const [caller, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAtMs) * this.#perMs >= this.perMinute) this.#buckets.delete(caller);
    }
    if (this.#buckets.size >= this.maxBuckets) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done !== true) this.#buckets.delete(oldest.value);
    }
  }
}
