import { inList, inTuples, sql, type SqlValue, type Store } from '../../adapters/store/index.js';
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

/** Requests per query: keeps the SQL text bounded for large batches. */
const CHUNK = 200;

/**
 * The rows a chunk of requests reads. Single windows (the cache's misses, the counts) are
 * matched exactly by key and start; ranges by key, within the chunk's overall span of starts,
 * and then exactly in memory (`requestedBy`). Tuples, not ORs of ANDs: ClickHouse analyses a
 * long OR slowly (tens of ms per query on chDB), a tuple IN is a set lookup.
 */
function where(requests: readonly PartialRequest[]): string {
  const modelIds = [...new Set(requests.map((r) => parseModelKey(r.modelKey).modelId))];
  const keyOf = (r: PartialRequest): SqlValue[] => {
    const key = parseModelKey(r.modelKey);
    return [key.modelId, key.modelVersion, key.deploymentRole, r.kind];
  };
  if (requests.every((r) => r.fromStart === r.toStart)) {
    const windows = requests.map((r) => [...keyOf(r), Math.floor(r.toStart / 1000)]);
    return sql`model_id IN ${inList(modelIds)} AND (model_id, model_version, deployment_role, window_kind, toUnixTimestamp(window_start)) IN ${inTuples(windows)}`;
  }
  const keys = new Map(requests.map((r) => [`${r.modelKey}#${r.kind}`, keyOf(r)]));
  const from = new Date(Math.min(...requests.map((r) => r.fromStart)));
  const to = new Date(Math.max(...requests.map((r) => r.toStart)));
  return sql`model_id IN ${inList(modelIds)} AND window_start >= ${from} AND window_start <= ${to} AND (model_id, model_version, deployment_role, window_kind) IN ${inTuples([...keys.values()])}`;
}

/** Whether a stored partial is one of the requests' (within its range, not a partial it has in memory). */
function requestedBy(requests: readonly PartialRequest[]): (h: StoredPartialHeader) => boolean {
  const byKey = new Map<string, PartialRequest[]>();
  for (const r of requests) byKey.set(`${r.modelKey}#${r.kind}`, [...(byKey.get(`${r.modelKey}#${r.kind}`) ?? []), r]);
  return (h) =>
    (byKey.get(`${h.modelKey}#${h.kind}`) ?? []).some(
      (r) => h.start >= r.fromStart && h.start <= r.toStart && !(h.start === r.toStart && r.skipPartitions?.includes(h.partition) === true),
    );
}

/** Runs `query(where)` once per 200 requests and keeps the rows some request of the chunk asked for. */
async function queryInChunks<T extends HeaderRow>(store: Store, requests: readonly PartialRequest[], query: (where: string) => string): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < requests.length; i += CHUNK) {
    const chunk = requests.slice(i, i + CHUNK);
    const wanted = requestedBy(chunk);
    for (const row of await store.queryRows<T>(query(where(chunk)))) if (wanted(headerOf(row))) rows.push(row);
  }
  return rows;
}

/**
 * Reads the stored partial profiles the requests need (FINAL: one row per window and partition),
 * in (model key, kind, window start, partition) order within each 200 requests.
 */
export async function readStoredPartials(store: Store, parts: ProfileParts, requests: readonly PartialRequest[]): Promise<StoredPartial[]> {
  const rows = await queryInChunks<PartialRow>(store, requests, (w) => `SELECT ${HEADER_COLUMNS}, profile
FROM window_profiles FINAL
WHERE ${w}
ORDER BY model_id, model_version, deployment_role, window_kind, window_start, source_partition`);
  return rows.map((row) => ({
    ...headerOf(row),
    profile: deserializeProfile(new Uint8Array(Buffer.from(row.profile, 'base64')), parts),
    storedBytes: row.profile.length,
  }));
}

/** Which partials the requests cover (FINAL, no profile bytes read): the cache supplies most of them. */
export async function listStoredPartials(store: Store, requests: readonly PartialRequest[]): Promise<StoredPartialHeader[]> {
  const rows = await queryInChunks<HeaderRow>(store, requests, (w) => `SELECT ${HEADER_COLUMNS}
FROM window_profiles FINAL
WHERE ${w}`);
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
  const rows: CountRow[] = [];
  for (let i = 0; i < windows.length; i += CHUNK) {
    rows.push(
      ...(await store.queryRows<CountRow>(`SELECT model_id, model_version, deployment_role, window_kind, toUnixTimestamp(window_start) AS start, uniqExact(source_partition) AS partitions
FROM window_profiles
WHERE ${where(windows.slice(i, i + CHUNK))}
GROUP BY model_id, model_version, deployment_role, window_kind, window_start`)),
    );
  }
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(windowId(`${row.model_id}|${row.model_version}|${row.deployment_role}`, row.window_kind, Number(row.start) * 1000), Number(row.partitions));
  return counts;
}

export function windowId(modelKey: string, kind: WindowKind, start: number): string {
  return `${modelKey}#${kind}#${start}`;
}
