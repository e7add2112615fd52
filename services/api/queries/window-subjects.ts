import { VigilError } from '../../shared/errors.js';
import type { Store } from '../../adapters/store/store.js';
import type { Family, Span, Statistic } from '../schemas/common.js';
import { isoTime } from './row-values.js';
import { latestWindowEnd, statisticsAt, toStatistic, type StatisticFilter } from './statistic-rows.js';

export interface SubjectStatistics {
  readonly subject: string;
  /** The worst status among the subject's metrics. */
  readonly status: Statistic['status'];
  readonly metrics: Record<string, Statistic>;
}

export interface WindowSubjects {
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly referenceId: string | null;
  readonly subjects: SubjectStatistics[];
}

const STATUS_SEVERITY: Readonly<Record<Statistic['status'], number>> = { ok: 0, no_data: 1, warning: 2, critical: 3 };

/**
 * The statistics of one window grouped by subject: the latest window with rows of these
 * families, or the one ending at `windowEnd` (NOT_FOUND when that window has none).
 */
export async function windowSubjects(store: Store, filter: StatisticFilter, windowEnd: Date | undefined): Promise<WindowSubjects> {
  const end = windowEnd ?? (await latestWindowEnd(store, filter));
  if (end === null) return { windowStart: null, windowEnd: null, referenceId: null, subjects: [] };
  const rows = await statisticsAt(store, filter, end);
  if (rows.length === 0) {
    throw new VigilError('NOT_FOUND', `no ${filter.families.join('/')} statistics for a window ending at ${end.toISOString()}`, { windowEnd: end.toISOString() });
  }
  const bySubject = new Map<string, SubjectStatistics>();
  for (const row of rows) {
    let entry = bySubject.get(row.subject);
    if (entry === undefined) bySubject.set(row.subject, (entry = { subject: row.subject, status: 'ok', metrics: {} }));
    const statistic = toStatistic(row);
    entry.metrics[row.metric] = statistic;
    if (STATUS_SEVERITY[statistic.status] > STATUS_SEVERITY[entry.status]) (entry as { status: Statistic['status'] }).status = statistic.status;
  }
  const first = rows[0];
  return {
    windowStart: first === undefined ? null : isoTime(first.window_start),
    windowEnd: isoTime(end.toISOString().slice(0, 19).replace('T', ' ')),
    referenceId: rows.find((row) => row.reference_id !== '')?.reference_id ?? null,
    subjects: [...bySubject.values()],
  };
}

export function familyFilter(modelId: string, modelVersion: string, families: readonly Family[], span: Span): StatisticFilter {
  return { modelId, modelVersion, families, span };
}
