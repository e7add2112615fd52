import { fileURLToPath } from 'node:url';
import { loadMigrations, runMigrations, sql, type Store } from '../../../services/adapters/store/index.js';
import { ModelWindowProfile, validateProfileSettings, type ProfileSettings } from '../../../services/core/profile/index.js';
import type { ClosedWindow } from '../../../services/core/windows/index.js';
import { ClickHouseWindowSink } from '../../../services/processor/sink/index.js';
import { SettingsSnapshot } from '../../../services/processor/settings/index.js';
import { BUILT_IN_THRESHOLDS, computeWindowStatistics, type StatisticsContext, type WindowKind } from '../../../services/processor/statistics/index.js';
import { sameReferenceForEveryModel, type CurrentReference } from '../../../services/references/reference-source.js';
import { createRootLogger } from '../../../services/shared/logger.js';

const SQL_DIR = fileURLToPath(new URL('../../../sql', import.meta.url));
export const logger = createRootLogger({ level: 'silent', service: 'sink-test' });
/** A pinned clock: written_at / computed_at are identical on every write, so rows compare exactly. */
export const FIXED_NOW = Date.UTC(2026, 5, 1, 12);

export const settings: ProfileSettings = validateProfileSettings({ positiveLabel: '1', protectedAttributes: ['gender'], maxGroupsPerAttribute: 100, maxClasses: 100 });
export const privilegedGroups = { gender: 'male' };
export const snapshot = new SettingsSnapshot([], [{ scope: '*', positiveLabel: '1', protectedAttributes: ['gender'], privilegedGroups }]);

export async function migrated(store: Store): Promise<Store> {
  await runMigrations(store, loadMigrations(SQL_DIR));
  return store;
}

/** The reference every test uses: the model's first two prediction windows, merged in start order. */
export function referenceOf(windows: readonly ClosedWindow<ModelWindowProfile>[]): CurrentReference {
  const [first, second] = [...windows].sort((a, b) => a.start - b.start);
  if (first === undefined || second === undefined) throw new Error('need two windows for a reference');
  return { referenceId: 'ref-first-windows', source: 'automatic', profile: first.state.clone().merge(second.state), rangeEnd: null };
}

export function sinkFor(store: Store, reference: CurrentReference | null, latencies?: string[], partialCacheBytes?: number): ClickHouseWindowSink {
  return new ClickHouseWindowSink({
    ...(partialCacheBytes === undefined ? {} : { partialCacheBytes }),
    store,
    references: sameReferenceForEveryModel(reference),
    settings: () => snapshot,
    logger,
    now: () => FIXED_NOW,
    ...(latencies === undefined ? {} : { onWriteLatency: (table: string) => { latencies.push(table); } }),
  });
}

export function contextOf(reference: CurrentReference | null): StatisticsContext {
  return { reference, thresholds: BUILT_IN_THRESHOLDS, privilegedGroups };
}

export interface StatisticRead {
  span: string;
  model_version: string;
  start: number;
  end: number;
  family: string;
  subject: string;
  metric: string;
  value: number | null;
  status: string;
  sample_size: string;
  reference_size: string;
  partials: number;
  warn_threshold: number | null;
  reference_id: string;
}

export async function readStatistics(store: Store, span = 'window'): Promise<StatisticRead[]> {
  type Raw = Omit<StatisticRead, 'start' | 'end' | 'partials' | 'value'> & Record<'start' | 'end' | 'partials' | 'value', unknown>;
  const rows = await store.queryRows<Raw>(sql`SELECT span, model_version, toUnixTimestamp(window_start) * 1000 AS start, toUnixTimestamp(window_end) * 1000 AS end,
  family, subject, metric, value, status, sample_size, reference_size, partials, warn_threshold, reference_id
FROM window_statistics FINAL WHERE span = ${span}
ORDER BY window_end, family, subject, metric`);
  return rows.map((r) => ({ ...r, start: Number(r.start), end: Number(r.end), partials: Number(r.partials), value: r.value === null ? null : Number(r.value) }));
}

/** What the pure functions say the window rows must be, in the same shape and order as readStatistics. */
export function expectedRows(kind: WindowKind, windows: readonly { start: number; end: number; profile: ModelWindowProfile }[], reference: CurrentReference | null) {
  return windows.flatMap((w) =>
    computeWindowStatistics({ kind, profile: w.profile, context: contextOf(reference) }).map((s) => ({
      end: w.end,
      family: s.family,
      subject: s.subject,
      metric: s.metric,
      value: s.value,
      status: s.status,
      sample_size: String(s.sampleSize),
    })),
  );
}
