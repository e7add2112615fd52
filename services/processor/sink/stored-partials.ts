import { inList, sql, type Store } from '../../adapters/store/index.js';
import { deserializeProfile, parseModelKey, type ModelWindowProfile, type ProfileParts } from '../../core/profile/index.js';
import type { WindowKind } from '../statistics/index.js';

/** Which stored partial profiles one closed window needs: its key and kind, window starts in [fromStart, toStart]. */
export interface PartialRequest {
  readonly modelKey: string;
  readonly kind: WindowKind;
  readonly fromStart: number;
  readonly toStart: number;
  /** Partials already in memory (these partitions', at toStart): not re-read. */
  readonly skipPartitions?: readonly number[];
}

/** A stored partial's identity and event count, without its profile bytes. */
export interface StoredPartialHeader {
  readonly modelKey: string;
  readonly kind: WindowKind;
  readonly start: number;
  readonly partition: number;
  readonly events: number;
}

export interface StoredPartial extends StoredPartialHeader {
  readonly profile: ModelWindowProfile;
  /** Length of the stored (base64) profile: the cache's size measure. */
  readonly storedBytes: number;
}

interface HeaderRow {
  model_id: string;
  model_version: string;
  deployment_role: string;
  window_kind: WindowKind;
  start: number | string;
  source_partition: number | string;
  events: number | string;
}

interface PartialRow extends HeaderRow {
  profile: string;
}

const HEADER_COLUMNS = 'model_id, model_version, deployment_role, window_kind, toUnixTimestamp(window_start) AS start, source_partition, events';

function headerOf(row: HeaderRow): StoredPartialHeader {
  return {
    modelKey: `${row.model_id}|${row.model_version}|${row.deployment_role}`,
    kind: row.window_kind,
    start: Number(row.start) * 1000,
    partition: Number(row.source_partition),
    events: Number(row.events),
  };
}

/** Requests per query: keeps the OR'ed condition (and the SQL text) bounded for large batches. */
const CHUNK = 200;

function condition(r: PartialRequest): string {
  const key = parseModelKey(r.modelKey);
  const base = sql`(model_id = ${key.modelId} AND model_version = ${key.modelVersion} AND deployment_role = ${key.deploymentRole}
    AND window_kind = ${r.kind} AND window_start >= ${new Date(r.fromStart)} AND window_start <= ${new Date(r.toStart)}`;
  if (r.skipPartitions === undefined || r.skipPartitions.length === 0) return `${base})`;
  return `${base}${sql` AND NOT (window_start = ${new Date(r.toStart)} AND source_partition IN ${inList(r.skipPartitions)}))`}`;
}

/** Runs `query(where)` once per 200 requests, with their conditions OR'ed, and concatenates the rows. */
async function queryInChunks<T>(store: Store, requests: readonly PartialRequest[], query: (where: string) => string): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < requests.length; i += CHUNK) {
    const where = requests.slice(i, i + CHUNK).map(condition).join('\n  OR ');
    rows.push(...(await store.queryRows<T>(query(where))));
  }
  return rows;
}

/**
 * Reads the stored partial profiles the requests need (FINAL: one row per window and partition),
 * in (model key, kind, window start, partition) order within each 200 requests.
 */
export async function readStoredPartials(store: Store, parts: ProfileParts, requests: readonly PartialRequest[]): Promise<StoredPartial[]> {
  const rows = await queryInChunks<PartialRow>(store, requests, (where) => `SELECT ${HEADER_COLUMNS}, profile
FROM window_profiles FINAL
WHERE ${where}
ORDER BY model_id, model_version, deployment_role, window_kind, window_start, source_partition`);
  return rows.map((row) => ({
    ...headerOf(row),
    profile: deserializeProfile(new Uint8Array(Buffer.from(row.profile, 'base64')), parts),
    storedBytes: row.profile.length,
  }));
}

/** Which partials the requests cover (FINAL, no profile bytes read): the cache supplies most of them. */
export async function listStoredPartials(store: Store, requests: readonly PartialRequest[]): Promise<StoredPartialHeader[]> {
  const rows = await queryInChunks<HeaderRow>(store, requests, (where) => `SELECT ${HEADER_COLUMNS}
FROM window_profiles FINAL
WHERE ${where}`);
  return rows.map(headerOf);
}

interface CountRow {
  model_id: string;
  model_version: string;
  deployment_role: string;
  window_kind: WindowKind;
  start: number | string;
  partitions: number | string;
}

/** The cheap check: how many partitions stored a partial of each requested window (no profile bytes read). */
export async function countStoredPartials(store: Store, requests: readonly PartialRequest[]): Promise<Map<string, number>> {
  const windows = requests.map((r) => ({ modelKey: r.modelKey, kind: r.kind, fromStart: r.toStart, toStart: r.toStart }));
  const rows = await queryInChunks<CountRow>(store, windows, (where) => `SELECT model_id, model_version, deployment_role, window_kind, toUnixTimestamp(window_start) AS start, uniqExact(source_partition) AS partitions
FROM window_profiles
WHERE ${where}
GROUP BY model_id, model_version, deployment_role, window_kind, window_start`);
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(windowId(`${row.model_id}|${row.model_version}|${row.deployment_role}`, row.window_kind, Number(row.start) * 1000), Number(row.partitions));
  return counts;
}

export function windowId(modelKey: string, kind: WindowKind, start: number): string {
  return `${modelKey}#${kind}#${start}`;
}
