import type { ModelWindowProfile } from '../../core/profile/index.js';
import type { CurrentReference } from '../../references/reference-source.js';
import type { ThresholdLookup } from './metric-thresholds.js';

/** What statistics of one model's window are judged with besides the window itself. */
export interface StatisticsContext {
  /** The model's current reference; null before one is pinned (drift and range checks are no_data). */
  readonly reference: CurrentReference | null;
  readonly thresholds: ThresholdLookup;
  /**
   * attribute → privileged group. An attribute the profile protects but that is missing here is
   * compared with its largest group (ties: the first by name), so the result stays deterministic.
   */
  readonly privilegedGroups: Readonly<Record<string, string>>;
  /** Fairness comparisons with fewer members (labelled members for outcome metrics) are no_data (default 30). */
  readonly minGroupCount?: number;
}

export type WindowKind = 'prediction' | 'label';

export interface WindowStatisticsInput {
  readonly kind: WindowKind;
  /** The merged profile (every partial) of the prediction window, or of its label window. */
  readonly profile: ModelWindowProfile;
  readonly context: StatisticsContext;
}
