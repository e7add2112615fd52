export * from './built-in-thresholds.js';
