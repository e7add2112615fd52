export * from './proportion-intervals.js';
export * from './mean-intervals.js';
export * from './request-pairing.js';
export * from './paired-comparison.js';
export * from './version-comparison.js';
