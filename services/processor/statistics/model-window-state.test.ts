import { describe, expect, it } from 'vitest';
import { modelWindowState } from './model-window-state.js';
import { statusOf, type StatisticStatus } from './window-statistic.js';

const row = (family: 'drift' | 'volume' | 'fairness', subject: string, metric: string, value: number | null, status: StatisticStatus) => ({ family, subject, metric, value, status });
const predictions = (n: number) => row('volume', '', 'predictions', n, 'ok');

describe('statusOf', () => {
  it('maps core severities to statuses, a value nobody set a threshold for to ok and a null value to no_data', () => {
    expect(statusOf('ok', 1)).toBe('ok');
    expect(statusOf('warn', 1)).toBe('warning');
    expect(statusOf('critical', 1)).toBe('critical');
    expect(statusOf('insufficient_data', 1)).toBe('no_data');
    expect(statusOf('not_evaluated', 1)).toBe('ok');
    expect(statusOf('not_evaluated', null)).toBe('no_data');
  });
});

describe('modelWindowState', () => {
  it('is critical when any statistic is critical and names the first critical one in canonical order', () => {
    const state = modelWindowState([
      predictions(10),
      row('fairness', 'gender=f', 'disparate_impact', 0.7, 'critical'),
      row('drift', 'zeta', 'psi', 0.3, 'critical'),
      row('drift', 'alpha', 'psi', 0.15, 'warning'),
      row('drift', 'beta', 'psi', 0.4, 'critical'),
    ]);
    expect(state).toEqual({ state: 'critical', worstFamily: 'drift', worstSubject: 'beta', worstMetric: 'psi', worstValue: 0.4, predictions: 10, labelled: 0 });
  });

  it('is a warning when the worst is a warning, and healthy when nothing breaches', () => {
    expect(modelWindowState([predictions(5), row('drift', 'a', 'psi', 0.15, 'warning')]).state).toBe('warning');
    expect(modelWindowState([predictions(5), row('drift', 'a', 'psi', 0.01, 'ok'), row('drift', 'b', 'psi', null, 'no_data')])).toEqual({
      state: 'healthy', worstFamily: '', worstSubject: '', worstMetric: '', worstValue: null, predictions: 5, labelled: 0,
    });
  });

  it('is no_data when the window has no predictions, whatever the other statistics say', () => {
    expect(modelWindowState([row('drift', 'a', 'psi', 1, 'critical')]).state).toBe('no_data');
    expect(modelWindowState([predictions(0)]).state).toBe('no_data');
  });

  it('counts labelled predictions from the label window rows', () => {
    expect(modelWindowState([predictions(5), row('volume', '', 'labelled', 3, 'ok')]).labelled).toBe(3);
  });
});
