import { inList, inTuples, sql, type Store } from '../../adapters/store/index.js';
import { parseModelKey } from '../../core/profile/index.js';
import type { StatisticFamily, StatisticStatus } from '../statistics/index.js';

/** A window whose stored state inputs are wanted: model key and window end. */
export interface WindowRef {
  readonly modelKey: string;
  readonly end: number;
}

export interface StoredStatistic {
  readonly family: StatisticFamily;
  readonly subject: string;
  readonly metric: string;
  readonly value: number | null;
  readonly status: StatisticStatus;
  readonly partials: number;
}

export interface StoredWindowRows {
  /** ref id → the window's statistics (span 'window') as stored now. */
  readonly statistics: Map<string, StoredStatistic[]>;
  /** ref id → last_event_time (ms) of its stored state. */
  readonly lastEventTimes: Map<string, number>;
}

const CHUNK = 200;

export function refId(ref: WindowRef): string {
  return `${ref.modelKey}#${ref.end}`;
}

/** The windows as a tuple IN (a set lookup; ORs of ANDs are slow to analyse), behind an index-friendly model IN. */
function conditions(refs: readonly WindowRef[]): string {
  const keys = refs.map((r) => {
    const k = parseModelKey(r.modelKey);
    return [k.modelId, k.modelVersion, k.deploymentRole, Math.floor(r.end / 1000)];
  });
  const modelIds = [...new Set(keys.map((k) => k[0] as string))];
  return sql`model_id IN ${inList(modelIds)} AND (model_id, model_version, deployment_role, toUnixTimestamp(window_end)) IN ${inTuples(keys)}`;
}

interface StatisticRow {
  model_id: string;
  model_version: string;
  deployment_role: string;
  end: number | string;
  family: StatisticFamily;
  subject: string;
  metric: string;
  value: number | null;
  status: StatisticStatus;
  partials: number | string;
}

interface StateRow {
  model_id: string;
  model_version: string;
  deployment_role: string;
  end: number | string;
  last_event: number | string;
}

/**
 * The stored statistics and state of windows (FINAL; filters on key columns only), so a window
 * state can combine the rows of its prediction window with those of its label window, which
 * close at different times.
 */
export async function readStoredWindowRows(store: Store, refs: readonly WindowRef[]): Promise<StoredWindowRows> {
  const statistics = new Map<string, StoredStatistic[]>();
  const lastEventTimes = new Map<string, number>();
  for (let i = 0; i < refs.length; i += CHUNK) {
    const where = conditions(refs.slice(i, i + CHUNK));
    const [rows, states] = await Promise.all([
      store.queryRows<StatisticRow>(
        `SELECT model_id, model_version, deployment_role, toUnixTimestamp(window_end) AS end, family, subject, metric, value, status, partials
FROM window_statistics FINAL WHERE span = 'window' AND ${where}`,
      ),
      store.queryRows<StateRow>(
        `SELECT model_id, model_version, deployment_role, toUnixTimestamp(window_end) AS end, toUnixTimestamp(last_event_time) AS last_event
FROM model_window_states FINAL WHERE ${where}`,
      ),
    ]);
    for (const row of rows) {
      const id = refId({ modelKey: `${row.model_id}|${row.model_version}|${row.deployment_role}`, end: Number(row.end) * 1000 });
      const list = statistics.get(id) ?? [];
      list.push({ family: row.family, subject: row.subject, metric: row.metric, value: row.value, status: row.status, partials: Number(row.partials) });
      statistics.set(id, list);
    }
    for (const row of states) {
      lastEventTimes.set(refId({ modelKey: `${row.model_id}|${row.model_version}|${row.deployment_role}`, end: Number(row.end) * 1000 }), Number(row.last_event) * 1000);
    }
  }
  return { statistics, lastEventTimes };
}
