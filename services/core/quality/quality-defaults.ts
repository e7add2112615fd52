import type { Thresholds } from '../drift/metric-value.js';

/** METRICS.md: each data-quality rate on its own, warn at 0.05, critical at 0.2. */
export const QUALITY_THRESHOLDS: Thresholds = { warn: 0.05, critical: 0.2, rule: 'at_least' };
