import type { FastifyRequest } from 'fastify';
import { VigilError } from '../../shared/errors.js';
import { principalWith } from '../auth-hook.js';
import { assertModelAccess, type Principal } from '../principal.js';

/** The fleet-wide scope of thresholds, settings and alert rules. */
export const FLEET_SCOPE = '*';

/**
 * Changing a model's own configuration needs write and access to that model; changing the fleet
 * default ('*') affects every model, so it needs admin.
 */
export function principalToChange(request: FastifyRequest, scope: string): Principal {
  if (scope === FLEET_SCOPE) return principalWith(request, 'admin');
  const principal = principalWith(request, 'write');
  assertModelAccess(principal, scope);
  return principal;
}

/** Reading a scope: read, and model access unless it is the fleet default. */
export function principalToRead(request: FastifyRequest, scope: string): Principal {
  const principal = principalWith(request, 'read');
  if (scope !== FLEET_SCOPE) assertModelAccess(principal, scope);
  return principal;
}

/**
 * Optimistic concurrency: the version the client last saw, from `If-Match: "<seq>"` or the
 * body's `expectedSeq` (0 = "must not exist yet"). Undefined when the client sent neither.
 */
export function expectedSeqOf(request: FastifyRequest, bodyValue: number | undefined): number | undefined {
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(\d{1,16})"?\s*$/.exec(header);
    if (match?.[1] === undefined) throw new VigilError('VALIDATION_FAILED', 'headers/if-match: must be a version number like "1700000000000"', { field: 'headers/if-match' });
    return Number(match[1]);
  }
  return bodyValue;
}

/** 409 CONFLICT when someone changed the entity since the client read it. */
export function assertExpectedSeq(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) {
    throw new VigilError('CONFLICT', `the entity is at version ${current}, not ${expected}; re-read it and retry`, { expectedSeq: expected, currentSeq: current });
  }
}
