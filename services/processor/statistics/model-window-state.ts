import { compareStatistics, type WindowStatistic } from './window-statistic.js';

/** The `state` column of model_window_states / model_current_state. */
export type ModelState = 'healthy' | 'warning' | 'critical' | 'no_data';

export interface ModelWindowState {
  readonly state: ModelState;
  /** The statistic that set the state ('' and null when healthy or no_data). */
  readonly worstFamily: string;
  readonly worstSubject: string;
  readonly worstMetric: string;
  readonly worstValue: number | null;
  readonly predictions: number;
  readonly labelled: number;
}

type StateInput = Pick<WindowStatistic, 'family' | 'subject' | 'metric' | 'value' | 'status'>;

const RANK = { no_data: 0, ok: 0, warning: 1, critical: 2 } as const;

function volume(statistics: readonly StateInput[], metric: string): number {
  return statistics.find((s) => s.family === 'volume' && s.subject === '' && s.metric === metric)?.value ?? 0;
}

/**
 * The state of a model version in one window from every statistic of that window (prediction
 * and label window rows together): critical if any statistic is critical, warning if any is a
 * warning, healthy otherwise; no_data when the window has no predictions. no_data statistics
 * (no reference yet, small groups) never raise the state. Ties go to the first statistic in
 * (family, subject, metric) order, so the worst statistic named is deterministic.
 */
export function modelWindowState(statistics: readonly StateInput[]): ModelWindowState {
  const predictions = volume(statistics, 'predictions');
  const labelled = volume(statistics, 'labelled');
  const none = { worstFamily: '', worstSubject: '', worstMetric: '', worstValue: null, predictions, labelled };
  if (predictions === 0) return { state: 'no_data', ...none };
  let worst: StateInput | undefined;
  for (const s of [...statistics].sort((a, b) => compareStatistics(a as WindowStatistic, b as WindowStatistic))) {
    if (RANK[s.status] > (worst === undefined ? 0 : RANK[worst.status])) worst = s;
  }
  if (worst === undefined) return { state: 'healthy', ...none };
  return {
    state: worst.status === 'critical' ? 'critical' : 'warning',
    worstFamily: worst.family,
    worstSubject: worst.subject,
    worstMetric: worst.metric,
    worstValue: worst.value,
    predictions,
    labelled,
  };
}
