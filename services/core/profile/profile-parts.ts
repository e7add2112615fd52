import type { FeatureValue } from '../../contracts/index.js';
import type { ProfileSettings } from './profile-settings.js';

/**
 * The mergeable pieces a model profile is built from. The profile only needs these small
 * interfaces, so the sketch classes (t-digest, feature profiles, accuracy accumulators) plug
 * in through a `ProfileParts` kit and tests can use exact implementations.
 */
export interface MergeableState<Self> {
  /** Folds `other` into this instance and returns this. */
  merge(other: Self): Self;
  clone(): Self;
  serialize(): Uint8Array;
}

/** Distribution of one feature: numeric sketch, categories, missing and type-error counts. */
export interface FeatureSummary extends MergeableState<FeatureSummary> {
  add(value: FeatureValue): void;
}

/** Size, mean and sample variance (ddof 1): what normal-approximation intervals need. */
export interface SampleMoments {
  readonly n: number;
  readonly mean: number;
  readonly sampleVariance: number;
}

/** A numeric distribution (scores, regression values, latencies, label delays). */
export interface NumberSummary extends MergeableState<NumberSummary> {
  add(value: number): void;
  sampleMoments(): SampleMoments;
}

export interface ClassificationScorer extends MergeableState<ClassificationScorer> {
  add(actual: string, predicted: string, probabilities: Readonly<Record<string, number>> | null): void;
  /** Labelled predictions and how many predicted the actual label (for accuracy comparisons). */
  accuracyCounts(): { readonly correct: number; readonly total: number };
}

export interface RegressionScorer extends MergeableState<RegressionScorer> {
  add(actual: number, predicted: number): void;
}

/** Factories and decoders for every part; `id` is written into serialized profiles. */
export interface ProfileParts {
  readonly id: string;
  featureSummary(): FeatureSummary;
  readFeatureSummary(bytes: Uint8Array): FeatureSummary;
  numberSummary(): NumberSummary;
  readNumberSummary(bytes: Uint8Array): NumberSummary;
  classificationScorer(settings: ProfileSettings): ClassificationScorer;
  readClassificationScorer(bytes: Uint8Array): ClassificationScorer;
  regressionScorer(): RegressionScorer;
  readRegressionScorer(bytes: Uint8Array): RegressionScorer;
}
