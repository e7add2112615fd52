import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LruCache } from './lru-cache.js';

/** Smaller answers go out plain: gzip's header and CPU cost more than the bytes it saves. */
export const MIN_GZIP_BYTES = 1024;

export interface CachedValue<T> {
  readonly value: T;
  /** Weak ETag of the JSON answer. */
  readonly etag: string;
  /**
   * The answer as the route's response schema serialized it, once the first response went out:
   * hits send it as is, so a hot answer is validated and serialized once per window close.
   */
  body?: Buffer;
  /** `body` gzipped, made when the first client that accepts gzip asks (then sent as is). */
  gzipped?: Buffer;
}

/**
 * Answers of hot GET routes, dropped as a whole when a window closes (`invalidate`).
 * A computation that started before an invalidation is returned to its caller but not kept,
 * so an answer from before a close can never outlive it. Concurrent identical requests share
 * one computation.
 */
export class ResponseCache {
  readonly #entries: LruCache<CachedValue<unknown>>;
  readonly #inFlight = new Map<string, Promise<CachedValue<unknown>>>();
  #generation = 0;
  hits = 0;
  misses = 0;

  constructor(maxEntries: number) {
    this.#entries = new LruCache(maxEntries);
  }

  get size(): number {
    return this.#entries.size;
  }

  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
    this.#inFlight.clear();
  }

  /** Keeps the serialized answer beside the entry it was made from (not a newer one). */
  attachBody(key: string, etag: string, body: Buffer): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.etag === etag && entry.body === undefined) entry.body = body;
  }

  /**
   * `body` gzipped, compressed once per entry: kept beside the entry it was made from, else (the
   * entry is gone or newer) compressed for this answer only. Undefined below MIN_GZIP_BYTES.
   */
  gzipped(key: string, etag: string, body: Buffer): Buffer | undefined {
    if (body.length < MIN_GZIP_BYTES) return undefined;
    const entry = this.#entries.get(key);
    const own = entry !== undefined && entry.etag === etag && entry.body === body ? entry : undefined;
    if (own?.gzipped !== undefined) return own.gzipped;
    const gzipped = gzipSync(body);
    if (own !== undefined) own.gzipped = gzipped;
    return gzipped;
  }

  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<Readonly<CachedValue<T>> & { readonly hit: boolean }> {
    const cached = this.#entries.get(key) as CachedValue<T> | undefined;
    if (cached !== undefined) {
      this.hits += 1;
      return { value: cached.value, etag: cached.etag, ...(cached.body === undefined ? {} : { body: cached.body }), hit: true };
    }
    this.misses += 1;
    let pending = this.#inFlight.get(key) as Promise<CachedValue<T>> | undefined;
    if (pending === undefined) {
      const generation = this.#generation;
      pending = compute().then((value) => {
        const entry: CachedValue<T> = { value, etag: etagOf(value) };
        if (generation === this.#generation) this.#entries.set(key, entry);
        return entry;
      });
      this.#inFlight.set(key, pending);
      const forget = (): void => {
        if (this.#inFlight.get(key) === pending) this.#inFlight.delete(key);
      };
      pending.then(forget, forget);
    }
    const computed = await pending;
    return { value: computed.value, etag: computed.etag, hit: false };
  }
}

export function etagOf(value: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;
}

/** Same request → same key: object keys sorted, arrays kept in order, undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // JSON.stringify(undefined) is undefined at run time, whatever its type says.
  return value === undefined ? 'null' : JSON.stringify(value);
}
