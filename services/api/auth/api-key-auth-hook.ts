import type { FastifyRequest } from 'fastify';
import { VigilError } from '../../shared/errors.js';
import type { ApiDeps } from '../api-deps.js';
import type { AuthHook } from '../auth-hook.js';
import type { Principal } from '../principal.js';
import { ApiKeyAuthenticator, type AuthenticatorOptions } from './api-key-authenticator.js';
import { ApiKeyRepository } from './api-key-repository.js';
import { presentedApiKey } from './presented-api-key.js';
import { TokenBuckets } from './token-bucket.js';

/**
 * Resolves the caller of every request and enforces the per-caller rate limit: one token
 * bucket per key id, and per client address for requests without a (valid) key.
 * Throws UNAUTHORIZED for a key that does not verify, RATE_LIMITED (detail.retryAfterSeconds,
 * which the error handler sends as Retry-After) when the bucket is empty.
 */
export class ApiKeyAuthHook implements AuthHook {
  readonly #authenticator: ApiKeyAuthenticator;
  readonly #buckets: TokenBuckets;

  constructor(deps: Pick<ApiDeps, 'store' | 'config' | 'clock'>, options: Omit<AuthenticatorOptions, 'clock'> = {}) {
    this.#authenticator = new ApiKeyAuthenticator(new ApiKeyRepository(deps.store), { ...options, clock: deps.clock });
    this.#buckets = new TokenBuckets(deps.config.rateLimitPerMinute, deps.clock);
  }

  async resolve(request: FastifyRequest): Promise<Principal | null> {
    const presented = presentedApiKey(request.headers);
    if (presented === null) {
      this.#limit(`address:${request.ip}`);
      return null;
    }
    const principal = await this.#authenticator.authenticate(presented);
    if (principal === null) {
      // Failed keys count against the address: guessing is rate limited like anonymous traffic.
      this.#limit(`address:${request.ip}`);
      throw new VigilError('UNAUTHORIZED', 'the API key is invalid or revoked');
    }
    this.#limit(`key:${principal.keyId}`);
    return principal;
  }

  #limit(caller: string): void {
    const taken = this.#buckets.take(caller);
    if (taken.allowed) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    throw new VigilError('RATE_LIMITED', `retry after ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
