import type { Thresholds } from './metric-value.js';

/** Default thresholds from /work/shared/METRICS.md. */
export const DRIFT_THRESHOLDS = {
  psi: { warn: 0.1, critical: 0.25, rule: 'at_least' },
  ks_statistic: { warn: 0.1, critical: 0.2, rule: 'at_least' },
  // METRICS.md names no p-value levels; 0.05 / 0.01 are the conventional ones (Evidently uses 0.05).
  p_value: { warn: 0.05, critical: 0.01, rule: 'less_than' },
  jensen_shannon: { warn: 0.1, critical: 0.2, rule: 'at_least' },
  wasserstein_normed: { warn: 0.1, critical: 0.2, rule: 'at_least' },
  hellinger: { warn: 0.1, critical: 0.2, rule: 'at_least' },
  l_infinity: { warn: 0.1, critical: 0.2, rule: 'at_least' },
  drift_share: { warn: 0.3, critical: 0.5, rule: 'at_least' },
} as const satisfies Record<string, Thresholds>;

export type DriftThresholdName = keyof typeof DRIFT_THRESHOLDS;

export interface DriftOptions {
  /** Number of reference-quantile bins for PSI, Jensen–Shannon and Hellinger (default 10). */
  readonly binCount?: number;
  /** Replacement for empty bin proportions in PSI (default 1e-4). */
  readonly psiFloor?: number;
  /** Rank grid size for the KS sup, for sketches without cdf breakpoints (default 2001). */
  readonly ksGridSize?: number;
  /** Rank grid size placing the Wasserstein integration points, for sketches without cdf breakpoints (default 2001). */
  readonly wassersteinGridSize?: number;
  /** p-values are reported only when both sample sizes are at most this (default 1000). */
  readonly pValueMaxCount?: number;
  readonly thresholds?: Partial<Record<DriftThresholdName, Thresholds>>;
}

export function driftThresholds(options: DriftOptions | undefined, name: DriftThresholdName): Thresholds {
  return options?.thresholds?.[name] ?? DRIFT_THRESHOLDS[name];
}
