import type { AssignmentChange } from './reference-repository.js';
import type { ReferenceMetadata } from './reference-types.js';

/** An audit_log entry (same shape as services/api/audit AuditEntry), so the API and the CLI record reference changes alike. */
export interface ReferenceAuditEntry {
  readonly actor: string;
  readonly action: 'reference.create' | 'reference.assign';
  readonly entityType: 'reference' | 'reference_assignment';
  readonly entityId: string;
  readonly modelId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string;
}

/** A new reference (pinned or uploaded): before is null, after its metadata (never the blob). */
export function referenceCreatedAudit(reference: ReferenceMetadata, actor: string, requestId: string): ReferenceAuditEntry {
  return { actor, action: 'reference.create', entityType: 'reference', entityId: reference.referenceId, modelId: reference.modelId, before: null, after: reference, requestId };
}

/** A model's current reference changed: before/after are the assignments (entity id: the model). */
export function referenceAssignedAudit(change: AssignmentChange, actor: string, requestId: string): ReferenceAuditEntry {
  const { assignment, previous } = change;
  return { actor, action: 'reference.assign', entityType: 'reference_assignment', entityId: assignment.modelId, modelId: assignment.modelId, before: previous, after: assignment, requestId };
}
