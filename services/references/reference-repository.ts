import { formatDateTimeUtc, inList, inTuples, sql, type Store } from '../adapters/store/index.js';
import { VigilError } from '../shared/errors.js';
import { decodeProfile, encodeProfile } from './profile-encoding.js';
import { assertReferenceId, newReferenceId } from './reference-id.js';
import {
  ASSIGNMENT_COLUMNS,
  METADATA_COLUMNS,
  assignmentFromRow,
  metadataFromRow,
  rangeColumn,
  type AssignmentRow,
  type MetadataRow,
} from './reference-rows.js';
import type { NewReference, ReferenceAssignment, ReferenceMetadata, StoredReference } from './reference-types.js';

const wholeSecond = (ms: number) => ms - (ms % 1000);

/** A stored reference with its profile still encoded (decode with decodeProfile). */
export interface EncodedReference extends ReferenceMetadata {
  readonly encodedProfile: string;
}

/** What `assign` changed: the new current assignment and the one it replaced (for the audit log). */
export interface AssignmentChange {
  readonly assignment: ReferenceAssignment;
  readonly previous: ReferenceAssignment | null;
}

/**
 * reference_profiles and reference_assignments over the Store port (sql/0006). Profiles are
 * immutable: writing an existing id again is accepted only with identical bytes (a replayed or
 * racing write), anything else is CONFLICT. Readers use FINAL so unmerged duplicates never show.
 */
export class ReferenceRepository {
  constructor(private readonly store: Store) {}

  /** The model's references, newest first, without profile blobs. */
  async list(modelId: string): Promise<ReferenceMetadata[]> {
    const rows = await this.store.queryRows<MetadataRow>(
      `SELECT ${METADATA_COLUMNS} FROM reference_profiles FINAL` +
        sql` WHERE model_id = ${modelId} ORDER BY created_at DESC, reference_id DESC`,
    );
    return rows.map(metadataFromRow);
  }

  async readMetadata(modelId: string, referenceId: string): Promise<ReferenceMetadata | null> {
    const rows = await this.store.queryRows<MetadataRow>(
      `SELECT ${METADATA_COLUMNS} FROM reference_profiles FINAL` + sql` WHERE model_id = ${modelId} AND reference_id = ${referenceId} LIMIT 1`,
    );
    return rows[0] === undefined ? null : metadataFromRow(rows[0]);
  }

  /** The stored base64 profile as is (what an API download returns), or null. */
  async readEncodedProfile(modelId: string, referenceId: string): Promise<string | null> {
    const rows = await this.store.queryRows<{ profile: string }>(
      sql`SELECT profile FROM reference_profiles FINAL WHERE model_id = ${modelId} AND reference_id = ${referenceId} LIMIT 1`,
    );
    return rows[0]?.profile ?? null;
  }

  /** Metadata and decoded profile, or null; a corrupt blob is REFERENCE_INVALID. */
  async read(modelId: string, referenceId: string): Promise<StoredReference | null> {
    const stored = (await this.readMany([{ modelId, referenceId }])).get(modelId);
    if (stored === undefined) return null;
    const { encodedProfile, ...metadata } = stored;
    return { ...metadata, profile: decodeProfile(encodedProfile, `reference ${referenceId}`) };
  }

  /**
   * Metadata and profile of several references with one query: (model → its row), absent when
   * not stored. The caller decodes each profile, so one corrupt blob spoils only its model.
   */
  async readMany(wanted: readonly { modelId: string; referenceId: string }[]): Promise<Map<string, EncodedReference>> {
    if (wanted.length === 0) return new Map();
    const pairs = inTuples(wanted.map((w) => [w.modelId, w.referenceId]));
    const rows = await this.store.queryRows<MetadataRow & { profile: string }>(
      `SELECT ${METADATA_COLUMNS}, profile FROM reference_profiles FINAL` + sql` WHERE (model_id, reference_id) IN ${pairs}`,
    );
    const found = new Map<string, EncodedReference>();
    for (const row of rows) {
      const metadata = metadataFromRow(row);
      if (wanted.some((w) => w.modelId === metadata.modelId && w.referenceId === metadata.referenceId)) found.set(metadata.modelId, { ...metadata, encodedProfile: row.profile });
    }
    return found;
  }

  /** Stores a new immutable reference and returns its metadata as later reads will show it. */
  async write(reference: NewReference): Promise<ReferenceMetadata> {
    const { metadata, row } = referenceRecord(reference);
    const existing = await this.readEncodedProfile(metadata.modelId, metadata.referenceId);
    if (existing !== null) {
      if (existing !== row.profile) throw new VigilError('CONFLICT', `reference "${metadata.referenceId}" already exists with a different profile`, { referenceId: metadata.referenceId });
      return (await this.readMetadata(metadata.modelId, metadata.referenceId)) ?? metadata;
    }
    await this.store.insertRows('reference_profiles', [row]);
    return metadata;
  }

  /**
   * Stores new immutable references in one insert; ids already stored are accepted only with
   * identical bytes (a racing or replayed write), anything else is CONFLICT and nothing is written.
   */
  async writeMany(references: readonly NewReference[]): Promise<void> {
    const rows = references.map((reference) => referenceRecord(reference).row);
    if (rows.length === 0) return;
    const pairs = inTuples(rows.map((row) => [row.model_id, row.reference_id]));
    const stored = await this.store.queryRows<{ model_id: string; reference_id: string; profile: string }>(
      sql`SELECT model_id, reference_id, profile FROM reference_profiles FINAL WHERE (model_id, reference_id) IN ${pairs}`,
    );
    const existing = new Map(stored.map((row) => [`${row.model_id}\u0000${row.reference_id}`, row.profile]));
    const fresh = rows.filter((row) => {
      const profile = existing.get(`${row.model_id}\u0000${row.reference_id}`);
      if (profile !== undefined && profile !== row.profile) throw new VigilError('CONFLICT', `reference "${row.reference_id}" already exists with a different profile`, { referenceId: row.reference_id });
      return profile === undefined;
    });
    if (fresh.length > 0) await this.store.insertRows('reference_profiles', fresh);
  }

  /** Writes assignment rows as given, in one insert (automatic references use deterministic seqs). */
  async insertAssignments(assignments: readonly ReferenceAssignment[]): Promise<void> {
    if (assignments.length === 0) return;
    await this.store.insertRows('reference_assignments', assignments.map(assignmentRow));
  }

  /** The highest-seq assignment of the model, or null when it has none. */
  async currentAssignment(modelId: string): Promise<ReferenceAssignment | null> {
    return (await this.currentAssignmentsOf([modelId])).get(modelId) ?? null;
  }

  /** The current assignments of these models (one query); models without one are absent. */
  async currentAssignmentsOf(modelIds: readonly string[]): Promise<Map<string, ReferenceAssignment>> {
    if (modelIds.length === 0) return new Map();
    const rows = await this.store.queryRows<AssignmentRow>(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM reference_assignments FINAL` + sql` WHERE model_id IN ${inList(modelIds)}`,
    );
    return new Map(rows.map((row) => [row.model_id, assignmentFromRow(row)]));
  }

  /** Every model's current assignment (one query for a processor refreshing all its models). */
  async currentAssignments(): Promise<Map<string, ReferenceAssignment>> {
    const rows = await this.store.queryRows<AssignmentRow>(`SELECT ${ASSIGNMENT_COLUMNS} FROM reference_assignments FINAL`);
    return new Map(rows.map((row) => [row.model_id, assignmentFromRow(row)]));
  }

  /**
   * Makes an existing reference the model's current one. seq is `atMs`, or one more than the
   * current seq when clocks disagree, so the latest change always wins. NOT_FOUND for an unknown reference.
   */
  async assign(modelId: string, referenceId: string, assignedBy: string, atMs: number): Promise<AssignmentChange> {
    if ((await this.readMetadata(modelId, referenceId)) === null) {
      throw new VigilError('NOT_FOUND', `model "${modelId}" has no reference "${referenceId}"`, { modelId, referenceId });
    }
    const previous = await this.currentAssignment(modelId);
    const seq = Math.max(Math.trunc(atMs), (previous?.seq ?? 0) + 1);
    const assignment: ReferenceAssignment = { modelId, referenceId, assignedBy, assignedAt: wholeSecond(Math.trunc(atMs)), seq };
    await this.insertAssignment(assignment);
    return { assignment, previous };
  }

  /** Writes an assignment row as given (the automatic reference uses a deterministic seq). */
  async insertAssignment(assignment: ReferenceAssignment): Promise<void> {
    await this.insertAssignments([assignment]);
  }
}

/** A new reference's metadata as reads will show it, and its reference_profiles row. */
function referenceRecord(reference: NewReference): { metadata: ReferenceMetadata; row: ReferenceProfileRow } {
  if (reference.profile.key.modelId !== reference.modelId) {
    throw new VigilError('REFERENCE_INVALID', `the profile describes model "${reference.profile.key.modelId}", not "${reference.modelId}"`);
  }
  const referenceId = assertReferenceId(reference.referenceId ?? newReferenceId(reference.createdAt));
  const metadata: ReferenceMetadata = {
    modelId: reference.modelId,
    referenceId,
    source: reference.source,
    rangeStart: reference.rangeStart === null ? null : wholeSecond(reference.rangeStart),
    rangeEnd: reference.rangeEnd === null ? null : wholeSecond(reference.rangeEnd),
    description: reference.description,
    predictions: reference.profile.predictions,
    createdAt: wholeSecond(reference.createdAt),
    createdBy: reference.createdBy,
  };
  const row: ReferenceProfileRow = {
    model_id: metadata.modelId,
    reference_id: referenceId,
    source: metadata.source,
    range_start: rangeColumn(metadata.rangeStart),
    range_end: rangeColumn(metadata.rangeEnd),
    description: metadata.description,
    predictions: metadata.predictions,
    profile: encodeProfile(reference.profile),
    created_at: formatDateTimeUtc(metadata.createdAt),
    created_by: metadata.createdBy,
  };
  return { metadata, row };
}

interface ReferenceProfileRow {
  [column: string]: string | number | null;
  model_id: string;
  reference_id: string;
  profile: string;
}

function assignmentRow(assignment: ReferenceAssignment): { [column: string]: string | number } {
  return {
    model_id: assignment.modelId,
    reference_id: assignment.referenceId,
    assigned_by: assignment.assignedBy,
    assigned_at: formatDateTimeUtc(assignment.assignedAt),
    seq: assignment.seq,
  };
}
