import type { Principal } from '../principal.js';

/** One change as the audit log records it. before/after are the entity as JSON, null when absent. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** '' when the change is not about one model (fleet-wide '*' settings, keys). */
  readonly modelId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string;
}

export interface AuditRecord extends AuditEntry {
  readonly auditId: string;
  /** Milliseconds since the epoch. */
  readonly atMs: number;
}

/** `key:<keyId> (<name>)`: the id for filtering (prefix `key:<keyId>`), the name for people. */
export function actorOfPrincipal(principal: Principal): string {
  return `key:${principal.keyId} (${principal.name})`;
}

export function actorOfCliUser(user: string): string {
  return `cli:${user}`;
}
