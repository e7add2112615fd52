import { RegressionAccumulator, type ClassificationAccumulator } from '../../core/accuracy/index.js';
import { ClassificationScorerAdapter, DigestWithMoments } from '../../core/profile/index.js';
import type { ClassificationScorer, FeatureSummary, NumberSummary, RegressionScorer } from '../../core/profile/index.js';
import { FeatureProfile, type TDigest } from '../../core/sketches/index.js';

// Statistics read the production sketch kit (sketchProfileParts). Parts of another kit (the
// exact test kit) are treated as absent, so their metrics come out as no_data, never wrong.

export function featureProfileOf(summary: FeatureSummary | undefined): FeatureProfile | undefined {
  return summary instanceof FeatureProfile ? summary : undefined;
}

export function digestOf(summary: NumberSummary | null | undefined): DigestWithMoments | undefined {
  return summary instanceof DigestWithMoments ? summary : undefined;
}

export function tdigestOf(summary: NumberSummary | null | undefined): TDigest | undefined {
  return digestOf(summary)?.digest;
}

export function classificationOf(scorer: ClassificationScorer | null | undefined): ClassificationAccumulator | undefined {
  return scorer instanceof ClassificationScorerAdapter ? scorer.accumulator : undefined;
}

export function regressionOf(scorer: RegressionScorer | null | undefined): RegressionAccumulator | undefined {
  return scorer instanceof RegressionAccumulator ? scorer : undefined;
}
