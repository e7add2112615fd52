export * from './binary-value.js';
export * from './group-confusion-counts.js';
export * from './group-rates.js';
export * from './fairness-defaults.js';
export * from './fairness-report.js';
