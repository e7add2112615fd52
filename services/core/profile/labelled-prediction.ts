import type { PredictionEvent } from '../../contracts/index.js';
import type { ProfileSettings } from './profile-settings.js';

/**
 * What the label join keeps of a prediction while it waits for its outcome: only what the
 * accuracy and outcome-fairness accumulators need, so a pending prediction costs little.
 */
export interface LabelledPrediction {
  readonly label: string | null;
  readonly value: number | null;
  readonly probabilities: Readonly<Record<string, number>> | null;
  /** Protected attribute → group, for the configured protected attributes that were present. */
  readonly groups: Readonly<Record<string, string>>;
}

/** The ground truth carried by an outcome event. */
export interface OutcomeFacts {
  readonly label: string | null;
  readonly value: number | null;
}

export function labelledPrediction(event: PredictionEvent, settings: ProfileSettings): LabelledPrediction {
  const groups: Record<string, string> = {};
  for (const attribute of settings.protectedAttributes) {
    const group = event.attributes[attribute];
    if (group !== undefined) groups[attribute] = group;
  }
  return { label: event.prediction.label, value: event.prediction.value, probabilities: event.prediction.probabilities, groups };
}
