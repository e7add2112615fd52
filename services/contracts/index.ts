export * from './common.js';
export * from './prediction-event.js';
export * from './outcome-event.js';
export * from './anomaly-event.js';
