import type { FastifyRequest } from 'fastify';
import { VigilError } from '../../shared/errors.js';
import type { AuthHook } from '../auth-hook.js';
import type { Principal } from '../principal.js';

/** Test keys: `Authorization: Bearer <name>` for each principal below. */
export const TEST_PRINCIPALS: Readonly<Record<string, Principal>> = {
  reader: { keyId: 'k-reader', name: 'reader', scopes: ['read'], models: [] },
  admin: { keyId: 'k-admin', name: 'admin', scopes: ['admin'], models: [] },
  'fraud-only': { keyId: 'k-fraud', name: 'fraud only', scopes: ['read'], models: ['fraud-detector'] },
  'churn-only': { keyId: 'k-churn', name: 'churn only', scopes: ['read'], models: ['churn-model'] },
  'no-scope': { keyId: 'k-none', name: 'no scope', scopes: [], models: [] },
};

/** An AuthHook double for unit tests of the read side (the real one is services/api/auth). */
export const staticAuth: AuthHook = {
  resolve(request: FastifyRequest): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (header === undefined) return Promise.resolve(null);
    const principal = TEST_PRINCIPALS[header.replace(/^Bearer /, '')];
    if (principal === undefined) return Promise.reject(new VigilError('UNAUTHORIZED', 'unknown API key'));
    return Promise.resolve(principal);
  },
};

export const as = (name: keyof typeof TEST_PRINCIPALS): { authorization: string } => ({ authorization: `Bearer ${name}` });
