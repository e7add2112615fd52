// Public API of the mergeable sketches. Import from here, not from the individual files.
export type { QuantileSketch } from './quantile-sketch.js';
export { TDigest, DEFAULT_COMPRESSION, type TDigestOptions } from './t-digest.js';
export { Moments } from './moments.js';
export { CategoricalCounts, DEFAULT_CATEGORY_CAPACITY, type CategoricalCountsOptions } from './categorical-counts.js';
export { FeatureProfile, type FeatureKind, type FeatureProfileOptions } from './feature-profile.js';
export { ExactQuantiles } from './exact-quantiles.js';
