import { sql, type Store } from '../../adapters/store/index.js';
import type { WindowKind } from '../statistics/index.js';
import type { ClickHouseWindowSink, StatisticsTarget } from './clickhouse-window-sink.js';

interface ProfileCountRow {
  model_id: string;
  model_version: string;
  deployment_role: string;
  window_kind: WindowKind;
  start: number | string;
  end: number | string;
  partitions: number | string;
}

interface StatisticCountRow {
  model_id: string;
  model_version: string;
  deployment_role: string;
  end: number | string;
  metric: string;
  partials: number | string;
}

/** The volume statistic every window of a kind has: its partials column says how many partials were merged. */
const MARKER: Record<WindowKind, string> = { prediction: 'predictions', label: 'labelled' };

/** Windows ending at or after `sinceMs` whose statistics were merged from fewer partials than window_profiles holds. */
export async function findBehindWindows(store: Store, sinceMs: number): Promise<StatisticsTarget[]> {
  const since = new Date(sinceMs);
  const [profiles, statistics] = await Promise.all([
    store.queryRows<ProfileCountRow>(sql`SELECT model_id, model_version, deployment_role, window_kind,
  toUnixTimestamp(window_start) AS start, toUnixTimestamp(window_end) AS end, uniqExact(source_partition) AS partitions
FROM window_profiles WHERE window_end >= ${since}
GROUP BY model_id, model_version, deployment_role, window_kind, window_start, window_end`),
    store.queryRows<StatisticCountRow>(sql`SELECT model_id, model_version, deployment_role, toUnixTimestamp(window_end) AS end, metric, max(partials) AS partials
FROM window_statistics
WHERE span = 'window' AND family = 'volume' AND subject = '' AND metric IN ('predictions', 'labelled') AND window_end >= ${since}
GROUP BY model_id, model_version, deployment_role, window_end, metric`),
  ]);
  const merged = new Map<string, number>();
  for (const row of statistics) merged.set(`${row.model_id}|${row.model_version}|${row.deployment_role}#${row.metric}#${Number(row.end)}`, Number(row.partials));
  const behind: StatisticsTarget[] = [];
  for (const row of profiles) {
    const modelKey = `${row.model_id}|${row.model_version}|${row.deployment_role}`;
    const done = merged.get(`${modelKey}#${MARKER[row.window_kind]}#${Number(row.end)}`) ?? 0;
    if (done < Number(row.partitions)) behind.push({ kind: row.window_kind, modelKey, start: Number(row.start) * 1000, end: Number(row.end) * 1000 });
  }
  return behind.sort((a, b) => a.end - b.end || (a.modelKey < b.modelKey ? -1 : a.modelKey > b.modelKey ? 1 : 0) || (a.kind < b.kind ? -1 : 1));
}

/**
 * The periodic repair of merge-on-write races: two partitions closing the same window at once
 * may each have merged only the partials present at that moment. Recomputes every window
 * ending at or after `sinceMs` whose statistics are behind window_profiles, in batches of
 * `batchSize`, and returns how many it recomputed.
 */
export async function reconcilePartials(store: Store, sink: ClickHouseWindowSink, sinceMs: number, now: number = Date.now(), batchSize = 100): Promise<number> {
  const behind = await findBehindWindows(store, sinceMs);
  for (let i = 0; i < behind.length; i += batchSize) await sink.publish(behind.slice(i, i + batchSize), [], now);
  return behind.length;
}
