import { ClassificationAccumulator, RegressionAccumulator } from '../accuracy/index.js';
import { FeatureProfile } from '../sketches/index.js';
import { DigestWithMoments } from './digest-with-moments.js';
import type { ClassificationScorer, ProfileParts } from './profile-parts.js';
import type { ProfileSettings } from './profile-settings.js';

/** Adapts the accuracy module's accumulator to the profile's scorer interface. */
export class ClassificationScorerAdapter implements ClassificationScorer {
  constructor(readonly accumulator: ClassificationAccumulator) {}

  add(actual: string, predicted: string, probabilities: Readonly<Record<string, number>> | null): void {
    const score = probabilities?.[this.accumulator.positiveLabel];
    this.accumulator.add(score === undefined ? { actual, predicted } : { actual, predicted, score });
  }

  accuracyCounts(): { correct: number; total: number } {
    let correct = 0;
    for (const label of this.accumulator.labels()) correct += this.accumulator.count(label, label);
    return { correct, total: this.accumulator.total };
  }

  merge(other: ClassificationScorerAdapter): this {
    this.accumulator.merge(other.accumulator);
    return this;
  }

  clone(): ClassificationScorerAdapter {
    return new ClassificationScorerAdapter(this.accumulator.clone());
  }

  serialize(): Uint8Array {
    return this.accumulator.serialize();
  }
}

/**
 * The production kit: FeatureProfile (t-digest + moments or categorical counts) per feature,
 * t-digest + moments for scores, values, latencies and label delays, and the accuracy module's
 * accumulators for joined pairs.
 */
export const sketchProfileParts: ProfileParts = Object.freeze({
  id: 'sketch-v1',
  featureSummary: () => new FeatureProfile(),
  readFeatureSummary: (b: Uint8Array) => FeatureProfile.deserialize(b),
  numberSummary: () => new DigestWithMoments(),
  readNumberSummary: (b: Uint8Array) => DigestWithMoments.deserialize(b),
  classificationScorer: (settings: ProfileSettings) =>
    new ClassificationScorerAdapter(
      new ClassificationAccumulator(settings.positiveLabel === null ? { maxClasses: settings.maxClasses } : { maxClasses: settings.maxClasses, positiveLabel: settings.positiveLabel }),
    ),
  readClassificationScorer: (b: Uint8Array) => new ClassificationScorerAdapter(ClassificationAccumulator.deserialize(b)),
  regressionScorer: () => new RegressionAccumulator(),
  readRegressionScorer: (b: Uint8Array) => RegressionAccumulator.deserialize(b),
});
