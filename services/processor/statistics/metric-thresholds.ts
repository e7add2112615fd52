import type { Thresholds } from '../../core/drift/index.js';
import { builtInThreshold } from '../../core/thresholds/index.js';
import type { StatisticFamily } from './window-statistic.js';

/** Thresholds in force for one model: model scope > '*' > the core's built-in defaults. */
export interface ThresholdLookup {
  thresholdFor(family: StatisticFamily, metric: string): Thresholds | undefined;
}

/** Only the built-in defaults (no overrides stored). */
export const BUILT_IN_THRESHOLDS: ThresholdLookup = Object.freeze({ thresholdFor: builtInThreshold });
