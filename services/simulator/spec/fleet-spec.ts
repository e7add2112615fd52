// The declarative description of a simulated fleet. Everything the generator does follows
// from a FleetSpec and a seed; presets build one, tests write small ones by hand.
import type { DeploymentRole } from '../../contracts/index.js';
import type { ScenarioSpec } from './scenario-spec.js';

export type NumericFeatureSpec =
  | { readonly name: string; readonly kind: 'normal'; readonly mean: number; readonly sd: number; readonly missingRate?: number }
  /** mu and sigma on the log scale. */
  | { readonly name: string; readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number; readonly missingRate?: number }
  /** Two normal modes sharing one sd; `weight` is the share of the first mode. */
  | {
      readonly name: string;
      readonly kind: 'bimodal';
      readonly modes: readonly [number, number];
      readonly sd: number;
      readonly weight: number;
      readonly missingRate?: number;
    };

export interface CategoricalFeatureSpec {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  readonly shares: readonly number[];
  readonly missingRate?: number;
}

export type FeatureSpec = NumericFeatureSpec | CategoricalFeatureSpec;

/** A protected attribute (gender, age band, region) with its population shares. */
export interface ProtectedAttributeSpec {
  readonly name: string;
  readonly values: readonly string[];
  readonly shares: readonly number[];
  /** The reference group fairness metrics compare the others with. */
  readonly privileged: string;
}

export interface VersionSpec {
  readonly version: string;
  readonly role: DeploymentRole;
  /**
   * Champion and canary split live traffic: a canary takes this share of requests from the
   * champion. Challenger and shadow score this share of the same requests the champion serves.
   * Ignored for the champion (it serves whatever the canaries leave).
   */
  readonly trafficShare: number;
  /** Standard deviation of the noise added to the true coefficients: 0 is a perfect model. */
  readonly coefficientNoise: number;
}

/** The true data-generating process: a linear predictor over standardised features. */
export interface TrueProcessSpec {
  readonly intercept: number;
  /** Coefficient per numeric feature, applied to (x − mean) / sd. */
  readonly numericWeights: Readonly<Record<string, number>>;
  /** Additive effect per category of a categorical feature. */
  readonly categoryEffects: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Regression only: sd of the noise added to the linear predictor. */
  readonly noiseSd: number;
}

export type DelaySpec =
  | { readonly kind: 'exponential'; readonly meanMs: number }
  /** mu and sigma on the log scale of milliseconds. */
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number };

export interface LabelDelaySpec {
  readonly delay: DelaySpec;
  /** Share of predictions that never receive an outcome. */
  readonly neverLabelledShare: number;
}

export interface ModelSpec {
  readonly modelId: string;
  readonly task: 'binary' | 'regression';
  /** Mean request rate in event time (Poisson arrivals). */
  readonly requestsPerHour: number;
  readonly features: readonly FeatureSpec[];
  readonly protectedAttributes: readonly ProtectedAttributeSpec[];
  readonly truth: TrueProcessSpec;
  readonly versions: readonly VersionSpec[];
  readonly labelDelay: LabelDelaySpec;
  readonly scenarios: readonly ScenarioSpec[];
}

export interface FleetSpec {
  readonly seed: number;
  /** Prefix of every generated id, so two runs with different ids never collide downstream. */
  readonly runId: string;
  readonly startTime: number;
  /** Requests arrive in [startTime, endTime); outcomes and late events may publish after it. */
  readonly endTime: number;
  readonly models: readonly ModelSpec[];
}
