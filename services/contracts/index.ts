export * from './common.js';
export * from './prediction-event.js';
export * from './outcome-event.js';
export * from './anomaly-event.js';
export * from './event-kinds.js';
export * from './decode-result.js';
export * from './validate-event.js';
export * from './json-codec.js';
