import type { Thresholds } from '../drift/metric-value.js';

export type FairnessMetric =
  | 'disparate_impact'
  | 'statistical_parity_difference'
  | 'equal_opportunity_difference'
  | 'equalized_odds_difference'
  | 'predictive_parity_difference'
  | 'accuracy_difference';

/** Default thresholds from /work/shared/METRICS.md. */
export const FAIRNESS_THRESHOLDS = {
  // Four-fifths rule (29 CFR §1607.4(D)): a ratio below 0.8 is critical.
  disparate_impact: { warn: 0.9, critical: 0.8, rule: 'less_than' },
  statistical_parity_difference: { warn: 0.05, critical: 0.1, rule: 'abs_greater_than' },
  equal_opportunity_difference: { warn: 0.05, critical: 0.1, rule: 'abs_greater_than' },
  equalized_odds_difference: { warn: 0.05, critical: 0.1, rule: 'greater_than' },
  predictive_parity_difference: { warn: 0.05, critical: 0.1, rule: 'abs_greater_than' },
  accuracy_difference: { warn: 0.05, critical: 0.1, rule: 'abs_greater_than' },
} as const satisfies Record<FairnessMetric, Thresholds>;

export const DEFAULT_MIN_GROUP_COUNT = 30;

export interface FairnessConfig {
  readonly privilegedGroup: string;
  /** Groups to report even when they had no members in the window. */
  readonly expectedGroups?: readonly string[];
  /** Below this many predictions (labelled ones for label metrics) a comparison never alerts (default 30). */
  readonly minGroupCount?: number;
  readonly thresholds?: Partial<Record<FairnessMetric, Thresholds>>;
}
