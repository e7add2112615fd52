import { createHash } from 'node:crypto';
import type { Clock } from '../api-deps.js';
import type { Principal } from '../principal.js';
import { parseApiKey } from './api-key-format.js';
import type { ApiKeyRepository } from './api-key-repository.js';
import { verifySecret } from './secret-hash.js';

export interface AuthenticatorOptions {
  readonly clock: Clock;
  /** How long a verified key is trusted without re-running scrypt. */
  readonly cacheTtlMs?: number;
  /** How often revocations are re-read, so a revoked key stops working within this delay. */
  readonly revocationPollMs?: number;
  readonly maxCachedKeys?: number;
}

interface CachedPrincipal {
  readonly principal: Principal;
  readonly verifiedAtMs: number;
}

/**
 * Turns a presented API key into a Principal. scrypt is slow on purpose, so a verified key is
 * cached under the SHA-256 of the whole presented key (never the key itself) for cacheTtlMs;
 * revoked key ids are re-read every revocationPollMs and evicted.
 */
export class ApiKeyAuthenticator {
  readonly #cache = new Map<string, CachedPrincipal>();
  readonly #clock: Clock;
  readonly #cacheTtlMs: number;
  readonly #revocationPollMs: number;
  readonly #maxCachedKeys: number;
  #revoked = new Set<string>();
  #revokedReadAtMs = Number.NEGATIVE_INFINITY;
  #revocationRead: Promise<void> | null = null;

  constructor(
    private readonly keys: ApiKeyRepository,
    options: AuthenticatorOptions,
  ) {
    this.#clock = options.clock;
    this.#cacheTtlMs = options.cacheTtlMs ?? 300_000;
    this.#revocationPollMs = options.revocationPollMs ?? 5_000;
    this.#maxCachedKeys = options.maxCachedKeys ?? 10_000;
  }

  /** Null when the key is malformed, unknown, revoked or its secret does not match. */
  async authenticate(presented: string): Promise<Principal | null> {
    await this.#refreshRevocations();
    const parsed = parseApiKey(presented);
    if (parsed === null) return null;
    if (this.#revoked.has(parsed.keyId)) return null;
    const fingerprint = createHash('sha256').update(presented).digest('hex');
    const now = this.#clock();
    const cached = this.#cache.get(fingerprint);
    if (cached !== undefined && now - cached.verifiedAtMs < this.#cacheTtlMs) return cached.principal;
    this.#cache.delete(fingerprint);

    const stored = await this.keys.get(parsed.keyId);
    if (stored === null) {
      // Unknown ids cost a scrypt too, so timing does not reveal which key ids exist.
      await verifySecret(parsed.secret, { hash: '', salt: '' });
      return null;
    }
    const matches = await verifySecret(parsed.secret, { hash: stored.secretHash, salt: stored.salt });
    if (!matches || stored.revoked) return null;
    const principal: Principal = Object.freeze({
      keyId: stored.keyId,
      name: stored.name,
      scopes: Object.freeze([...stored.scopes]),
      models: Object.freeze([...stored.models]),
    });
    if (this.#cache.size >= this.#maxCachedKeys) this.#cache.clear();
    this.#cache.set(fingerprint, { principal, verifiedAtMs: now });
    return principal;
  }

  async #refreshRevocations(): Promise<void> {
    if (this.#clock() - this.#revokedReadAtMs < this.#revocationPollMs) return;
    this.#revocationRead ??= this.#readRevocations().finally(() => {
      this.#revocationRead = null;
    });
    await this.#revocationRead;
  }

  async #readRevocations(): Promise<void> {
    const revoked = await this.keys.revokedKeyIds();
    this.#revoked = revoked;
    this.#revokedReadAtMs = this.#clock();
    for (const [fingerprint, cached] of this.#cache) if (revoked.has(cached.principal.keyId)) this.#cache.delete(fingerprint);
  }
}
