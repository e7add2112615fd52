import type { Store, StoreRow } from '../../adapters/store/store.js';
import { comparisonRow, currentStateRow, HOUR_MS, modelRow, statisticRow, windowStateRow, type StateSpec, type StatisticSpec } from './fixture-rows.js';

/** The clock of every read test: the fixture's latest window closed at 11:00, an hour before. */
export const FIXTURE_NOW_MS = Date.parse('2026-03-10T12:00:00Z');
export const LATEST_END_MS = Date.parse('2026-03-10T11:00:00Z');
const ends = [LATEST_END_MS - 2 * HOUR_MS, LATEST_END_MS - HOUR_MS, LATEST_END_MS];
const FRAUD = 'fraud-detector';

function states(): StateSpec[] {
  const fraud: StateSpec[] = ends.flatMap((end, i) => [
    {
      modelId: FRAUD, modelVersion: 'v1', role: 'champion', windowEndMs: end, state: i === 2 ? 'warning' : 'healthy', predictions: 1000 + i, labelled: 900,
      ...(i === 2 ? { worst: { family: 'drift', subject: 'amount', metric: 'psi', value: 0.15 } } : {}),
    },
    { modelId: FRAUD, modelVersion: 'v2', role: 'challenger', windowEndMs: end, state: 'healthy', predictions: 100 },
  ]);
  return [
    ...fraud,
    // Two days old: counts for the history, not for the last 24 hours.
    { modelId: FRAUD, modelVersion: 'v1', role: 'champion', windowEndMs: LATEST_END_MS - 48 * HOUR_MS, state: 'critical', predictions: 5 },
    { modelId: 'churn-model', modelVersion: 'v7', role: 'champion', windowEndMs: LATEST_END_MS, state: 'critical', predictions: 50, worst: { family: 'accuracy', subject: '', metric: 'f1', value: 0.41 } },
    { modelId: 'ranker-a', modelVersion: '1', role: 'champion', windowEndMs: LATEST_END_MS, state: 'healthy', predictions: 7000 },
    { modelId: 'ranker-b', modelVersion: '1', role: 'champion', windowEndMs: LATEST_END_MS - HOUR_MS, state: 'healthy', predictions: 3000 },
    { modelId: 'ranker-b', modelVersion: '2', role: 'shadow', windowEndMs: LATEST_END_MS - HOUR_MS, state: 'no_data', predictions: 0 },
  ];
}

function fraudStatistics(): StatisticSpec[] {
  const v1 = { modelId: FRAUD, modelVersion: 'v1' };
  const psi = { warn: 0.1, critical: 0.25 };
  const perWindow: StatisticSpec[] = ends.flatMap((end, i) => [
    { ...v1, windowEndMs: end, family: 'drift', subject: 'amount', metric: 'psi', value: [0.02, 0.06, 0.15][i] ?? null, status: i === 2 ? 'warning' : 'ok', ...psi },
    { ...v1, windowEndMs: end, family: 'drift', subject: 'amount', metric: 'ks_statistic', value: 0.05 * (i + 1) },
    { ...v1, windowEndMs: end, family: 'drift', subject: 'country', metric: 'psi', value: 0.02, ...psi },
    { ...v1, windowEndMs: end, family: 'accuracy', subject: '', metric: 'accuracy', value: [0.91, 0.9, 0.88][i] ?? null, warn: 0.85, critical: 0.8 },
    { ...v1, windowEndMs: end, family: 'accuracy', subject: '1', metric: 'recall', value: 0.7 },
    { ...v1, windowEndMs: end, family: 'volume', subject: '', metric: 'label_delay_p50_ms', value: 3_600_000 + i * 1000 },
    { ...v1, modelVersion: 'v2', role: 'challenger', windowEndMs: end, family: 'drift', subject: 'amount', metric: 'psi', value: 0.01, ...psi },
  ]);
  const latest = { ...v1, windowEndMs: LATEST_END_MS };
  return [
    ...perWindow,
    { ...latest, family: 'drift', subject: 'age', metric: 'psi', value: null, status: 'no_data', ...psi },
    { ...latest, family: 'drift', subject: '', metric: 'drift_share', value: 1 / 3, warn: 0.3, critical: 0.5, status: 'warning' },
    { ...latest, span: 'rolling_3d', family: 'drift', subject: 'amount', metric: 'psi', value: 0.08, ...psi },
    { ...latest, span: 'rolling_7d', family: 'drift', subject: 'amount', metric: 'psi', value: 0.05, ...psi },
    { ...latest, span: 'rolling_3d', family: 'accuracy', subject: '', metric: 'accuracy', value: 0.897 },
    { ...latest, family: 'prediction_drift', subject: '', metric: 'psi', value: 0.03, ...psi },
    { ...latest, family: 'prediction_drift', subject: 'class', metric: 'chi_square', value: 2.5 },
    { ...latest, family: 'quality', subject: 'amount', metric: 'missing_rate', value: 0.01 },
    { ...latest, family: 'quality', subject: 'country', metric: 'missing_rate', value: 0.2, status: 'critical', warn: 0.05, critical: 0.1 },
    { ...latest, family: 'fairness', subject: 'gender=male', metric: 'disparate_impact', value: 1 },
    { ...latest, family: 'fairness', subject: 'gender=female', metric: 'disparate_impact', value: 0.75, status: 'critical', warn: 0.9, critical: 0.8 },
    { ...latest, family: 'fairness', subject: 'gender=female', metric: 'selection_rate', value: 0.3 },
    { ...latest, family: 'fairness', subject: 'gender', metric: 'equalized_odds_difference', value: 0.12 },
    { ...latest, family: 'fairness', subject: 'age_band=18-25', metric: 'disparate_impact', value: 0.85, status: 'warning', warn: 0.9, critical: 0.8 },
    { ...latest, family: 'fairness', subject: 'age_band=unknown', metric: 'disparate_impact', value: null, status: 'no_data' },
  ];
}

/** Every row of the read fixture, by table. */
export function readFixtureRows(): Record<string, StoreRow[]> {
  const first = LATEST_END_MS - 30 * 24 * HOUR_MS;
  return {
    models: [
      modelRow(FRAUD, 'v1', 'champion', first, LATEST_END_MS),
      modelRow(FRAUD, 'v2', 'challenger', first + HOUR_MS, LATEST_END_MS),
      modelRow('churn-model', 'v7', 'champion', first, LATEST_END_MS),
      modelRow('credit-risk', '3', 'champion', first, first),
      modelRow('ranker-a', '1', 'champion', first, LATEST_END_MS),
      modelRow('ranker-b', '1', 'champion', first, LATEST_END_MS - HOUR_MS),
      modelRow('ranker-b', '2', 'shadow', first, LATEST_END_MS - HOUR_MS),
    ],
    model_window_states: states().map((spec) => windowStateRow(spec)),
    // The current state is the latest window of each version.
    model_current_state: states()
      .filter((spec) => spec.windowEndMs >= LATEST_END_MS - HOUR_MS && !(spec.modelId === FRAUD && spec.windowEndMs !== LATEST_END_MS))
      .map((spec) => currentStateRow(spec)),
    window_statistics: fraudStatistics().map(statisticRow),
    version_comparisons: [
      ...[ends[1] ?? 0, LATEST_END_MS].flatMap((end) => [
        comparisonRow({ modelId: FRAUD, champion: 'v1', other: 'v2', otherRole: 'challenger', windowEndMs: end, metric: 'agreement_rate', championValue: null, otherValue: end === LATEST_END_MS ? 0.93 : 0.95 }),
        comparisonRow({ modelId: FRAUD, champion: 'v1', other: 'v2', otherRole: 'challenger', windowEndMs: end, metric: 'accuracy', championValue: 0.88, otherValue: 0.9, ci: [0.005, 0.035], significant: true }),
      ]),
    ],
  };
}

export async function fillReadFixture(store: Store): Promise<void> {
  for (const [table, rows] of Object.entries(readFixtureRows())) await store.insertRows(table, rows);
}
