import { sql } from '../../adapters/store/sql-template.js';
import type { Store } from '../../adapters/store/store.js';
import type { ModelState } from '../schemas/common.js';
import { count, isoTime, isoTimeOrNull, nullableNumber } from './row-values.js';

export interface VersionSummary {
  readonly modelVersion: string;
  readonly role: string;
  readonly state: ModelState;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly predictions: number;
  readonly labelled: number;
  readonly lastEventTime: string | null;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly worst: { family: string; subject: string; metric: string; value: number | null } | null;
}

export interface ModelSummary {
  readonly modelId: string;
  readonly state: ModelState;
  readonly worst: { modelVersion: string; family: string; subject: string; metric: string; value: number | null } | null;
  readonly lastEventTime: string | null;
  readonly latestWindowEnd: string | null;
  readonly volume: { readonly latestWindow: number; readonly last24h: number };
  /** Champion first, then by role and version. */
  readonly versions: VersionSummary[];
}

/** How bad a state is: a model that stopped receiving data is worse than a healthy one. */
export const STATE_SEVERITY: Readonly<Record<ModelState, number>> = { healthy: 0, no_data: 1, warning: 2, critical: 3 };

const ROLE_ORDER = ['champion', 'challenger', 'canary', 'shadow'];
// Code-unit order, not localeCompare: the same on every machine and much faster.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const roleRank = (role: string): number => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

interface CatalogueRow { model_id: string; model_version: string; latest_role: string; first_seen_at: string; last_seen_at: string }
interface StateRow {
  model_id: string; model_version: string; deployment_role: string; window_start: string; window_end: string; state: ModelState;
  worst_family: string; worst_subject: string; worst_metric: string; worst_value: unknown; predictions: string; labelled: string; last_event_time: string;
}

function versionOf(catalogue: CatalogueRow | undefined, state: StateRow | undefined, modelVersion: string): VersionSummary {
  return {
    modelVersion,
    role: catalogue?.latest_role ?? state?.deployment_role ?? '',
    state: state?.state ?? 'no_data',
    windowStart: state === undefined ? null : isoTime(state.window_start),
    windowEnd: state === undefined ? null : isoTime(state.window_end),
    predictions: state === undefined ? 0 : count(state.predictions),
    labelled: state === undefined ? 0 : count(state.labelled),
    lastEventTime: state === undefined ? null : isoTimeOrNull(state.last_event_time),
    firstSeen: catalogue === undefined ? null : isoTimeOrNull(catalogue.first_seen_at),
    lastSeen: catalogue === undefined ? null : isoTimeOrNull(catalogue.last_seen_at),
    worst:
      state === undefined || state.worst_metric === ''
        ? null
        : { family: state.worst_family, subject: state.worst_subject, metric: state.worst_metric, value: nullableNumber(state.worst_value) },
  };
}

function latest<T>(a: T | undefined, b: T | undefined, later: (x: T, y: T) => boolean): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return later(b, a) ? b : a;
}

function summarise(modelId: string, versions: VersionSummary[], last24h: number): ModelSummary {
  versions.sort((a, b) => roleRank(a.role) - roleRank(b.role) || byText(a.modelVersion, b.modelVersion));
  // Worst version; the champion (first) wins ties because only a strictly worse one replaces it.
  let worstVersion = versions[0];
  for (const version of versions) {
    if (worstVersion === undefined || STATE_SEVERITY[version.state] > STATE_SEVERITY[worstVersion.state]) worstVersion = version;
  }
  const windowEnds = versions.map((v) => v.windowEnd).filter((t): t is string => t !== null).sort();
  const latestWindowEnd = windowEnds.at(-1) ?? null;
  const eventTimes = versions.map((v) => v.lastEventTime).filter((t): t is string => t !== null).sort();
  return {
    modelId,
    state: worstVersion?.state ?? 'no_data',
    worst: worstVersion?.worst === null || worstVersion === undefined ? null : { modelVersion: worstVersion.modelVersion, ...worstVersion.worst },
    lastEventTime: eventTimes.at(-1) ?? null,
    latestWindowEnd,
    volume: {
      latestWindow: versions.filter((v) => v.windowEnd === latestWindowEnd).reduce((sum, v) => sum + v.predictions, 0),
      last24h,
    },
    versions,
  };
}

/**
 * Every model of the fleet with its current state, from the catalogue (models), the small
 * model_current_state table and the last 24 h of model_window_states: three scans, grouped here.
 * Sorted by model id. A version seen under two roles keeps the state of its latest window.
 */
export async function loadFleetSnapshot(store: Store, nowMs: number): Promise<ModelSummary[]> {
  const since = new Date(Math.max(nowMs - 24 * 3_600_000, 1000));
  const [catalogue, states, volumes] = await Promise.all([
    store.queryRows<CatalogueRow>(
      // Aliases differ from column names: ClickHouse would substitute an alias into argMax.
      'SELECT model_id, model_version, argMax(role, last_seen) AS latest_role, min(first_seen) AS first_seen_at, max(last_seen) AS last_seen_at FROM models GROUP BY model_id, model_version',
    ),
    store.queryRows<StateRow>(
      'SELECT model_id, model_version, deployment_role, window_start, window_end, state, worst_family, worst_subject, worst_metric, worst_value, predictions, labelled, last_event_time FROM model_current_state FINAL',
    ),
    store.queryRows<{ model_id: string; predictions_24h: string }>(
      sql`SELECT model_id, sum(predictions) AS predictions_24h FROM model_window_states FINAL WHERE window_end > ${since} GROUP BY model_id`,
    ),
  ]);
  const byModel = new Map<string, { catalogue: Map<string, CatalogueRow>; states: Map<string, StateRow> }>();
  const entry = (modelId: string) => {
    let found = byModel.get(modelId);
    if (found === undefined) byModel.set(modelId, (found = { catalogue: new Map(), states: new Map() }));
    return found;
  };
  for (const row of catalogue) entry(row.model_id).catalogue.set(row.model_version, row);
  for (const row of states) {
    const versions = entry(row.model_id).states;
    versions.set(row.model_version, latest(versions.get(row.model_version), row, (x, y) => x.window_end > y.window_end) ?? row);
  }
  const last24h = new Map(volumes.map((row) => [row.model_id, count(row.predictions_24h)]));
  const models: ModelSummary[] = [];
  for (const [modelId, found] of byModel) {
    const versionIds = new Set([...found.catalogue.keys(), ...found.states.keys()]);
    const versions = [...versionIds].map((v) => versionOf(found.catalogue.get(v), found.states.get(v), v));
    models.push(summarise(modelId, versions, last24h.get(modelId) ?? 0));
  }
  return models.sort((a, b) => byText(a.modelId, b.modelId));
}
