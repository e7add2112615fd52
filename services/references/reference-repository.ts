import { formatDateTimeUtc, inList, sql, type Store } from '../adapters/store/index.js';
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
    const rows = await this.store.queryRows<MetadataRow & { profile: string }>(
      `SELECT ${METADATA_COLUMNS}, profile FROM reference_profiles FINAL` + sql` WHERE model_id = ${modelId} AND reference_id = ${referenceId} LIMIT 1`,
    );
    const row = rows[0];
    if (row === undefined) return null;
    return { ...metadataFromRow(row), profile: decodeProfile(row.profile, `reference ${referenceId}`) };
  }

  /** Stores a new immutable reference and returns its metadata as later reads will show it. */
  async write(reference: NewReference): Promise<ReferenceMetadata> {
    if (reference.profile.key.modelId !== reference.modelId) {
      throw new VigilError('REFERENCE_INVALID', `the profile describes model "${reference.profile.key.modelId}", not "${reference.modelId}"`);
    }
    const referenceId = assertReferenceId(reference.referenceId ?? newReferenceId(reference.createdAt));
    const profile = encodeProfile(reference.profile);
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
    const existing = await this.readEncodedProfile(reference.modelId, referenceId);
    if (existing !== null) {
      if (existing !== profile) throw new VigilError('CONFLICT', `reference "${referenceId}" already exists with a different profile`, { referenceId });
      return (await this.readMetadata(reference.modelId, referenceId)) ?? metadata;
    }
    await this.store.insertRows('reference_profiles', [
      {
        model_id: metadata.modelId,
        reference_id: referenceId,
        source: metadata.source,
        range_start: rangeColumn(metadata.rangeStart),
        range_end: rangeColumn(metadata.rangeEnd),
        description: metadata.description,
        predictions: metadata.predictions,
        profile,
        created_at: formatDateTimeUtc(metadata.createdAt),
        created_by: metadata.createdBy,
      },
    ]);
    return metadata;
  }

  /** The highest-seq assignment of the model, or null when it has none. */
  async currentAssignment(modelId: string): Promise<ReferenceAssignment | null> {
    const rows = await this.store.queryRows<AssignmentRow>(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM reference_assignments FINAL` + sql` WHERE model_id = ${modelId} LIMIT 1`,
    );
    return rows[0] === undefined ? null : assignmentFromRow(rows[0]);
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
    await this.store.insertRows('reference_assignments', [
      {
        model_id: assignment.modelId,
        reference_id: assignment.referenceId,
        assigned_by: assignment.assignedBy,
        assigned_at: formatDateTimeUtc(assignment.assignedAt),
        seq: assignment.seq,
      },
    ]);
  }
}
