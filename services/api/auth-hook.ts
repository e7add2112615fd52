import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { VigilError } from '../shared/errors.js';
import { requireScope, type Principal, type Scope } from './principal.js';

/**
 * The contract between the app and the API-key module (services/api/auth/). `resolve` reads the
 * credentials of a request (Authorization: Bearer vgl_… or x-api-key) and returns who is calling,
 * or null when the request carries no key. It throws VigilError UNAUTHORIZED for a bad or
 * revoked key and RATE_LIMITED when the caller is over its rate (it counts the request).
 */
export interface AuthHook {
  resolve(request: FastifyRequest): Promise<Principal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Resolved once per request by `resolvePrincipalHook`; null when no key was sent. */
    principal: Principal | null;
  }
}

/** Only the versioned API needs a caller: health, OpenAPI and docs stay open. */
export function needsPrincipal(url: string): boolean {
  return url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');
}

/**
 * Resolves the principal once per request, before validation, so an unauthenticated or
 * rate-limited caller learns nothing about the request shape: every /v1 route needs a key
 * (UNAUTHORIZED here, before the query or body is looked at). Registered as `onRequest`.
 */
export function resolvePrincipalHook(auth: AuthHook): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!needsPrincipal(request.url)) return;
    const principal = await auth.resolve(request);
    if (principal === null) throw new VigilError('UNAUTHORIZED', 'an API key is required (Authorization: Bearer <key>)');
    request.principal = principal;
  };
}

/** What handlers call first: the principal with at least `scope`, or UNAUTHORIZED / FORBIDDEN. */
export function principalWith(request: FastifyRequest, scope: Scope): Principal {
  return requireScope(request.principal, scope);
}
