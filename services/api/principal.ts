import { VigilError } from '../shared/errors.js';

/** Scopes nest: admin can do what write can, write what read can. */
export type Scope = 'read' | 'write' | 'admin';

const RANK: Readonly<Record<Scope, number>> = { read: 1, write: 2, admin: 3 };

/** Who is calling: resolved by the auth plugin from the API key on every request. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** Empty: every model. Otherwise the only model ids this key may read or change. */
  readonly models: readonly string[];
}

export function hasScope(principal: Principal, needed: Scope): boolean {
  return principal.scopes.some((scope) => RANK[scope] >= RANK[needed]);
}

/** Throws UNAUTHORIZED without a principal and FORBIDDEN without the scope. */
export function requireScope(principal: Principal | null, needed: Scope): Principal {
  if (principal === null) throw new VigilError('UNAUTHORIZED', 'an API key is required (Authorization: Bearer <key>)');
  if (!hasScope(principal, needed)) throw new VigilError('FORBIDDEN', `this key lacks the "${needed}" scope`, { keyId: principal.keyId });
  return principal;
}

export function mayAccessModel(principal: Principal, modelId: string): boolean {
  return principal.models.length === 0 || principal.models.includes(modelId);
}

/**
 * A key restricted to other models gets NOT_FOUND, not FORBIDDEN: it must not learn which
 * model ids exist.
 */
export function assertModelAccess(principal: Principal, modelId: string): void {
  if (!mayAccessModel(principal, modelId)) throw new VigilError('NOT_FOUND', `unknown model "${modelId}"`, { modelId });
}
