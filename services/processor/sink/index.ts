export { ClickHouseWindowSink, type ClickHouseWindowSinkOptions, type StatisticsTarget } from './clickhouse-window-sink.js';
export { reconcilePartials, findBehindWindows } from './reconcile-partials.js';
export { mergePartials } from './partial-merge.js';
