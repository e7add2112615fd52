export * from './quality-defaults.js';
export * from './quality-rates.js';
export * from './feature-quality.js';
