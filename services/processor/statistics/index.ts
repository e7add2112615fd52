// The pure statistics of closed windows: profiles in, window_statistics / model_window_states /
// version_comparisons / window_digests rows out (without their store identity). No I/O.
export * from './window-statistic.js';
export * from './metric-thresholds.js';
export * from './statistics-context.js';
export * from './window-statistics.js';
export * from './model-window-state.js';
export * from './version-comparison-rows.js';
export * from './window-digests.js';
export { NUMERIC_DRIFT_METRICS, CATEGORICAL_DRIFT_METRICS } from './drift-statistics.js';
