import type { ReferenceAssignment, ReferenceMetadata } from '../../references/index.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function referenceView(reference: ReferenceMetadata) {
  return {
    referenceId: reference.referenceId,
    modelId: reference.modelId,
    source: reference.source,
    rangeStart: reference.rangeStart === null ? null : iso(reference.rangeStart),
    rangeEnd: reference.rangeEnd === null ? null : iso(reference.rangeEnd),
    description: reference.description,
    predictions: reference.predictions,
    createdAt: iso(reference.createdAt),
    createdBy: reference.createdBy,
  };
}

export function assignmentView(assignment: ReferenceAssignment) {
  return { ...assignment, assignedAt: iso(assignment.assignedAt) };
}

export function currentView(assignment: ReferenceAssignment | null | undefined) {
  return assignment === null || assignment === undefined ? null : assignmentView(assignment);
}
