import { inList, inTuples, sql, type Store } from '../adapters/store/index.js';
import type { ModelWindowProfile } from '../core/profile/index.js';
import { decodeProfile } from './profile-encoding.js';
import type { WindowIdentity } from './reference-id.js';
import { parseDateTimeUtc } from './reference-rows.js';
import { DEFAULT_REFERENCE_ROLES, type ReferenceTrafficFilter } from './reference-types.js';

/** A stored closed prediction window (one partial per source partition), without its blob. */
export interface StoredWindow extends WindowIdentity {
  readonly windowEnd: number;
}

export interface WindowQuery {
  readonly filter?: ReferenceTrafficFilter;
  /** Windows starting at or after this instant (epoch ms). */
  readonly fromMs?: number;
  /** Windows ending at or before this instant. */
  readonly toMs?: number;
}

/** Windows per blob query: 64 profiles of a few hundred KB each at most. */
const BLOB_BATCH_ROWS = 64;

interface WindowRow {
  model_version: string;
  deployment_role: string;
  window_start: string;
  window_end: string;
  source_partition: number | string;
  events: number | string;
}

function whereClause(modelId: string, query: WindowQuery): string {
  let where = sql`model_id = ${modelId} AND ` + filterClause(query.filter ?? {});
  if (query.fromMs !== undefined) where += sql` AND window_start >= ${new Date(query.fromMs)}`;
  if (query.toMs !== undefined) where += sql` AND window_end <= ${new Date(query.toMs)}`;
  return where;
}

/** A window's identity within its model: version, role, start and source partition. */
export function windowIdentityKey(w: { modelVersion: string; deploymentRole: string; windowStart: number; sourcePartition: number }): string {
  return `${w.modelVersion}|${w.deploymentRole}|${w.windowStart}|${w.sourcePartition}`;
}

function windowOf(row: WindowRow): StoredWindow {
  return {
    modelVersion: row.model_version,
    deploymentRole: row.deployment_role,
    windowStart: parseDateTimeUtc(row.window_start),
    windowEnd: parseDateTimeUtc(row.window_end),
    sourcePartition: Number(row.source_partition),
    events: Number(row.events),
  };
}

/** The traffic filter's conditions besides the model (roles, version). */
function filterClause(filter: ReferenceTrafficFilter): string {
  const roles = filter.deploymentRoles ?? DEFAULT_REFERENCE_ROLES;
  let where = sql`window_kind = 'prediction' AND has(${[...roles]}, deployment_role)`;
  if (filter.modelVersion !== undefined) where += sql` AND model_version = ${filter.modelVersion}`;
  return where;
}

const WINDOW_ORDER = 'window_start, model_version, deployment_role, source_partition';

/** listPredictionWindows of many models in one query (models without windows are absent). */
export async function listPredictionWindowsOf(store: Store, modelIds: readonly string[], filter: ReferenceTrafficFilter = {}): Promise<Map<string, StoredWindow[]>> {
  const byModel = new Map<string, StoredWindow[]>();
  if (modelIds.length === 0) return byModel;
  const rows = await store.queryRows<WindowRow & { model_id: string }>(
    `SELECT model_id, model_version, deployment_role, window_start, window_end, source_partition, events FROM window_profiles FINAL` +
      sql` WHERE model_id IN ${inList(modelIds)} AND ` + `${filterClause(filter)} ORDER BY model_id, ${WINDOW_ORDER}`,
  );
  for (const row of rows) {
    const list = byModel.get(row.model_id) ?? [];
    list.push(windowOf(row));
    byModel.set(row.model_id, list);
  }
  return byModel;
}

/**
 * The decoded profiles of exactly the listed windows of many models, a few dozen blobs per query
 * (rows that arrived after the listing are not read): model id → window identity → profile.
 */
export async function readWindowProfilesOf(
  store: Store,
  windows: ReadonlyMap<string, readonly StoredWindow[]>,
  filter: ReferenceTrafficFilter = {},
): Promise<Map<string, Map<string, ModelWindowProfile>>> {
  const byModel = new Map<string, Map<string, ModelWindowProfile>>();
  const wanted = [...windows].flatMap(([modelId, list]) => list.map((w) => ({ modelId, window: w })));
  for (let i = 0; i < wanted.length; i += BLOB_BATCH_ROWS) {
    const chunk = wanted.slice(i, i + BLOB_BATCH_ROWS);
    // Exactly the listed windows, as a tuple IN (a set lookup) behind an index-friendly model IN.
    const identities = inTuples(chunk.map(({ modelId, window: w }) => [modelId, w.modelVersion, w.deploymentRole, Math.floor(w.windowStart / 1000), w.sourcePartition]));
    const rows = await store.queryRows<WindowRow & { model_id: string; profile: string }>(
      `SELECT model_id, model_version, deployment_role, window_start, window_end, source_partition, events, profile FROM window_profiles FINAL` +
        sql` WHERE model_id IN ${inList([...new Set(chunk.map((c) => c.modelId))])}` +
        ` AND ${filterClause(filter)}` +
        sql` AND (model_id, model_version, deployment_role, toUnixTimestamp(window_start), source_partition) IN ${identities}`,
    );
    for (const row of rows) {
      const profiles = byModel.get(row.model_id) ?? new Map<string, ModelWindowProfile>();
      profiles.set(windowIdentityKey(windowOf(row)), decodeProfile(row.profile, 'window profile'));
      byModel.set(row.model_id, profiles);
    }
  }
  return byModel;
}

/**
 * The model's closed prediction windows, in the one order every reference merges them:
 * (window_start, model_version, deployment_role, source_partition).
 */
export async function listPredictionWindows(store: Store, modelId: string, query: WindowQuery = {}): Promise<StoredWindow[]> {
  const rows = await store.queryRows<WindowRow>(
    `SELECT model_version, deployment_role, window_start, window_end, source_partition, events FROM window_profiles FINAL WHERE ${whereClause(modelId, query)}` +
      ` ORDER BY ${WINDOW_ORDER}`,
  );
  return rows.map(windowOf);
}

/**
 * Predictions stored in the closed prediction windows of each model (the events column only, one
 * query for many models): the cheap check before an automatic reference reads any blob.
 */
export async function storedPredictionCounts(store: Store, modelIds: readonly string[], filter: ReferenceTrafficFilter = {}): Promise<Map<string, number>> {
  if (modelIds.length === 0) return new Map();
  const roles = filter.deploymentRoles ?? DEFAULT_REFERENCE_ROLES;
  let where = sql`model_id IN ${inList(modelIds)} AND window_kind = 'prediction' AND has(${[...roles]}, deployment_role)`;
  if (filter.modelVersion !== undefined) where += sql` AND model_version = ${filter.modelVersion}`;
  const rows = await store.queryRows<{ model_id: string; events: number | string }>(
    `SELECT model_id, sum(events) AS events FROM window_profiles FINAL WHERE ${where} GROUP BY model_id`,
  );
  return new Map(rows.map((row) => [row.model_id, Number(row.events)]));
}

/**
 * Decoded profiles of exactly `windows` (in that order), fetched 64 at a time so memory holds
 * one batch of blobs. Rows that arrived after the listing are not read: the result matches the
 * identities the caller chose (and hashed).
 */
export async function* readPredictionWindowProfiles(
  store: Store,
  modelId: string,
  windows: readonly StoredWindow[],
  filter: ReferenceTrafficFilter = {},
): AsyncGenerator<{ window: StoredWindow; profile: ModelWindowProfile }> {
  for (let i = 0; i < windows.length; i += BLOB_BATCH_ROWS) {
    const batch = windows.slice(i, i + BLOB_BATCH_ROWS);
    const profiles = (await readWindowProfilesOf(store, new Map([[modelId, batch]]), filter)).get(modelId);
    for (const window of batch) {
      const profile = profiles?.get(windowIdentityKey(window));
      // A listed row cannot vanish (ReplacingMergeTree keeps one per key), unless dropped by retention meanwhile.
      if (profile !== undefined) yield { window, profile };
    }
  }
}
