// Injected scenarios. Each one is configured per model and lands in the ground truth
// document, so tests downstream can check that it was detected.

/** When a scenario acts: from `start` (event time, ms) ramping to full strength at `end`. */
export interface ScenarioWindow {
  readonly id: string;
  readonly start: number;
  /** Full strength from here on; equal to start for a step change. */
  readonly end: number;
}

/** Numeric: mean moves by `magnitude` feature sds. Categorical: `magnitude` of the mass moves to `targetCategory`. */
export interface FeatureDriftScenario extends ScenarioWindow {
  readonly type: 'feature_drift_gradual' | 'feature_drift_sudden';
  readonly feature: string;
  readonly magnitude: number;
  readonly targetCategory?: string;
}

/** The model's output moves without the inputs changing: logit (binary) or value (regression, in output sds). */
export interface PredictionDriftScenario extends ScenarioWindow {
  readonly type: 'prediction_drift';
  readonly modelVersion: string;
  readonly magnitude: number;
}

/** The selection rate of one group falls to `selectionRateFactor` times what it would be. */
export interface BiasScenario extends ScenarioWindow {
  readonly type: 'bias';
  readonly modelVersion: string;
  readonly attribute: string;
  readonly unprivilegedValue: string;
  readonly selectionRateFactor: number;
}

/** Concept drift: observed labels flip (binary) or shift (regression) with rising probability. */
export interface AccuracyDecayScenario extends ScenarioWindow {
  readonly type: 'accuracy_decay';
  /** Binary: the label-flip probability at full strength. Regression: the shift of the true value in output sds. */
  readonly magnitude: number;
}

/** A share of events arrives after later events: publish time = event time + Exp(meanMs). */
export interface OutOfOrderScenario extends ScenarioWindow {
  readonly type: 'out_of_order';
  readonly share: number;
  readonly meanDelayMs: number;
}

/** A share of events arrives beyond the allowed lateness: publish time = event time + latenessMs + Exp(extraMeanMs). */
export interface LateEventsScenario extends ScenarioWindow {
  readonly type: 'late_events';
  readonly share: number;
  readonly latenessMs: number;
  readonly extraMeanMs: number;
}

/** A share of records is sent again with the same eventId, Exp(meanDelayMs) later. */
export interface DuplicatesScenario extends ScenarioWindow {
  readonly type: 'duplicates';
  readonly share: number;
  readonly meanDelayMs: number;
}

/** A share of records is replaced by bytes that are not a valid event (see malformed.ts for the reasons). */
export interface MalformedScenario extends ScenarioWindow {
  readonly type: 'malformed';
  readonly share: number;
}

export type ScenarioSpec =
  | FeatureDriftScenario
  | PredictionDriftScenario
  | BiasScenario
  | AccuracyDecayScenario
  | OutOfOrderScenario
  | LateEventsScenario
  | DuplicatesScenario
  | MalformedScenario;

export type ScenarioType = ScenarioSpec['type'];

/** Strength in [0, 1] at event time t: 0 before start, linear up to end, 1 after. */
export function scenarioStrength(window: ScenarioWindow, t: number): number {
  if (t < window.start) return 0;
  if (t >= window.end) return 1;
  return (t - window.start) / (window.end - window.start);
}
