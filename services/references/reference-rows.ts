import { formatDateTimeUtc } from '../adapters/store/index.js';
import { DATETIME_MIN_MS } from '../adapters/store/sql-literal.js';
import { VigilError } from '../shared/errors.js';
import { REFERENCE_SOURCE_KINDS, type ReferenceAssignment, type ReferenceMetadata, type ReferenceSourceKind } from './reference-types.js';

// Row shapes of reference_profiles / reference_assignments as JSONEachRow returns them
// (UInt64 as decimal strings, DateTime as 'YYYY-MM-DD hh:mm:ss' UTC), and their mapping.

export const METADATA_COLUMNS = 'model_id, reference_id, source, range_start, range_end, description, predictions, created_at, created_by';
export const ASSIGNMENT_COLUMNS = 'model_id, reference_id, assigned_by, assigned_at, seq';

export interface MetadataRow {
  model_id: string;
  reference_id: string;
  source: string;
  range_start: string;
  range_end: string;
  description: string;
  predictions: string | number;
  created_at: string;
  created_by: string;
}

export interface AssignmentRow {
  model_id: string;
  reference_id: string;
  assigned_by: string;
  assigned_at: string;
  seq: string | number;
}

/** Uploaded profiles cover no time range; DateTime has no NULL in our subset, so the first valid second stands for "none". */
const NO_RANGE_MS = DATETIME_MIN_MS;

export function parseDateTimeUtc(text: string): number {
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new VigilError('STORE_QUERY_FAILED', 'the store returned an unreadable DateTime', { text });
  return ms;
}

export function rangeColumn(ms: number | null): string {
  return formatDateTimeUtc(ms ?? NO_RANGE_MS);
}

function rangeValue(text: string): number | null {
  const ms = parseDateTimeUtc(text);
  return ms <= NO_RANGE_MS ? null : ms;
}

function sourceKind(text: string): ReferenceSourceKind {
  const kind = REFERENCE_SOURCE_KINDS.find((k) => k === text);
  if (kind === undefined) throw new VigilError('STORE_QUERY_FAILED', 'unknown reference source in the store', { source: text });
  return kind;
}

export function metadataFromRow(row: MetadataRow): ReferenceMetadata {
  return {
    modelId: row.model_id,
    referenceId: row.reference_id,
    source: sourceKind(row.source),
    rangeStart: rangeValue(row.range_start),
    rangeEnd: rangeValue(row.range_end),
    description: row.description,
    predictions: Number(row.predictions),
    createdAt: parseDateTimeUtc(row.created_at),
    createdBy: row.created_by,
  };
}

export function assignmentFromRow(row: AssignmentRow): ReferenceAssignment {
  return {
    modelId: row.model_id,
    referenceId: row.reference_id,
    assignedBy: row.assigned_by,
    assignedAt: parseDateTimeUtc(row.assigned_at),
    seq: Number(row.seq),
  };
}
