// API keys: format, scrypt hashing, the authenticator, the rate limit and the AuthHook the app uses.
import type { ApiDeps } from '../api-deps.js';
import type { AuthHook } from '../auth-hook.js';
import { ApiKeyAuthHook } from './api-key-auth-hook.js';

export { ApiKeyAuthHook } from './api-key-auth-hook.js';
export { ApiKeyAuthenticator } from './api-key-authenticator.js';
export { ApiKeyRepository, summarizeKey, type StoredApiKey, type ApiKeySummary } from './api-key-repository.js';
export { generateApiKey, parseApiKey } from './api-key-format.js';
export { presentedApiKey } from './presented-api-key.js';
export { TokenBuckets } from './token-bucket.js';
export { registerKeysRoutes } from './api-key-routes.js';

/** What main.ts uses: API-key authentication with the per-caller rate limit of config.api. */
export function createApiKeyAuth(deps: ApiDeps): AuthHook {
  return new ApiKeyAuthHook(deps);
}
