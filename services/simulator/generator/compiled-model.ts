// A ModelSpec turned into the flat arrays the hot loop reads: feature moments, each
// version's coefficients, and the scenarios grouped by what they act on.
import { VigilError } from '../../shared/errors.js';
import type { Rng } from '../random/rng.js';
import { featureMoments } from '../spec/feature-moments.js';
import type { FeatureSpec, ModelSpec, VersionSpec } from '../spec/fleet-spec.js';
import type {
  AccuracyDecayScenario,
  BiasScenario,
  DuplicatesScenario,
  FeatureDriftScenario,
  LateEventsScenario,
  MalformedScenario,
  OutOfOrderScenario,
  PredictionDriftScenario,
} from '../spec/scenario-spec.js';

export interface CompiledFeature {
  readonly spec: FeatureSpec;
  /** Numeric features: mean and sd of the undrifted distribution (categorical: 0 and 1). */
  readonly mean: number;
  readonly sd: number;
  readonly drifts: readonly FeatureDriftScenario[];
}

export interface CompiledVersion {
  readonly spec: VersionSpec;
  readonly intercept: number;
  /** Indexed like CompiledModel.features; categorical entries are unused. */
  readonly numericWeights: readonly number[];
  readonly categoryEffects: readonly (Readonly<Record<string, number>> | undefined)[];
  readonly predictionDrifts: readonly PredictionDriftScenario[];
  readonly biases: readonly BiasScenario[];
}

export interface CompiledModel {
  readonly spec: ModelSpec;
  readonly features: readonly CompiledFeature[];
  readonly truth: CompiledVersion;
  readonly champion: CompiledVersion;
  /** Canaries take a share of live traffic away from the champion. */
  readonly canaries: readonly CompiledVersion[];
  /** Challengers and shadows score the same requests as whoever served them. */
  readonly followers: readonly CompiledVersion[];
  /** sd of the true linear predictor plus noise: the unit of regression shifts. */
  readonly outputSd: number;
  readonly accuracyDecays: readonly AccuracyDecayScenario[];
  readonly outOfOrder: readonly OutOfOrderScenario[];
  readonly late: readonly LateEventsScenario[];
  readonly duplicates: readonly DuplicatesScenario[];
  readonly malformed: readonly MalformedScenario[];
}

export function compileModel(spec: ModelSpec, rng: Rng): CompiledModel {
  const features = spec.features.map((feature): CompiledFeature => {
    const moments = feature.kind === 'categorical' ? { mean: 0, sd: 1 } : featureMoments(feature);
    const drifts = spec.scenarios.filter(
      (s): s is FeatureDriftScenario => (s.type === 'feature_drift_gradual' || s.type === 'feature_drift_sudden') && s.feature === feature.name,
    );
    for (const drift of drifts) {
      if (feature.kind === 'categorical' && (drift.targetCategory === undefined || !feature.categories.includes(drift.targetCategory))) {
        throw new VigilError('SIMULATOR_INVALID', `${spec.modelId}: drift ${drift.id} on categorical ${feature.name} needs a known targetCategory`);
      }
    }
    return { ...moments, spec: feature, drifts };
  });
  for (const scenario of spec.scenarios) {
    if ((scenario.type === 'feature_drift_gradual' || scenario.type === 'feature_drift_sudden') && !spec.features.some((f) => f.name === scenario.feature)) {
      throw new VigilError('SIMULATOR_INVALID', `${spec.modelId}: scenario ${scenario.id} names unknown feature ${scenario.feature}`);
    }
    if (scenario.end < scenario.start) throw new VigilError('SIMULATOR_INVALID', `${spec.modelId}: scenario ${scenario.id} ends before it starts`);
  }

  const truthVersion: VersionSpec = { version: 'truth', role: 'champion', trafficShare: 1, coefficientNoise: 0 };
  const truth = compileVersion(spec, truthVersion, features, rng);
  const versions = spec.versions.map((v) => compileVersion(spec, v, features, rng.fork(`version ${v.version}`)));
  const champions = versions.filter((v) => v.spec.role === 'champion');
  const champion = champions[0];
  if (champion === undefined || champions.length > 1) {
    throw new VigilError('SIMULATOR_INVALID', `${spec.modelId}: exactly one champion version is required`);
  }
  const canaries = versions.filter((v) => v.spec.role === 'canary');
  if (canaries.reduce((sum, v) => sum + v.spec.trafficShare, 0) >= 1) {
    throw new VigilError('SIMULATOR_INVALID', `${spec.modelId}: canaries must leave the champion some traffic`);
  }

  let variance = spec.truth.noiseSd * spec.truth.noiseSd;
  for (const [name, weight] of Object.entries(spec.truth.numericWeights)) {
    if (!spec.features.some((f) => f.name === name && f.kind !== 'categorical')) {
      throw new VigilError('SIMULATOR_INVALID', `${spec.modelId}: the true process names unknown numeric feature ${name}`);
    }
    variance += weight * weight;
  }
  for (const feature of spec.features) {
    const effects = spec.truth.categoryEffects[feature.name];
    if (feature.kind !== 'categorical' || effects === undefined) continue;
    const total = feature.shares.reduce((a, b) => a + b, 0);
    let mean = 0;
    let square = 0;
    feature.categories.forEach((c, i) => {
      const share = (feature.shares[i] ?? 0) / total;
      mean += share * (effects[c] ?? 0);
      square += share * (effects[c] ?? 0) ** 2;
    });
    variance += square - mean * mean;
  }

  const byType = <T extends { type: string }>(type: T['type']): T[] => spec.scenarios.filter((s) => s.type === type) as unknown as T[];
  return {
    spec,
    features,
    truth,
    champion,
    canaries,
    followers: versions.filter((v) => v.spec.role === 'challenger' || v.spec.role === 'shadow'),
    outputSd: Math.sqrt(variance) || 1,
    accuracyDecays: byType<AccuracyDecayScenario>('accuracy_decay'),
    outOfOrder: byType<OutOfOrderScenario>('out_of_order'),
    late: byType<LateEventsScenario>('late_events'),
    duplicates: byType<DuplicatesScenario>('duplicates'),
    malformed: byType<MalformedScenario>('malformed'),
  };
}

function compileVersion(spec: ModelSpec, version: VersionSpec, features: readonly CompiledFeature[], rng: Rng): CompiledVersion {
  const noise = version.coefficientNoise;
  const perturb = (value: number): number => (noise === 0 ? value : value + rng.normal(0, noise));
  const appliesHere = (s: { modelVersion: string }): boolean => s.modelVersion === version.version || s.modelVersion === '*';
  return {
    spec: version,
    intercept: spec.truth.intercept,
    numericWeights: features.map((f) => perturb(spec.truth.numericWeights[f.spec.name] ?? 0)),
    categoryEffects: features.map((f) => {
      const effects = spec.truth.categoryEffects[f.spec.name];
      if (f.spec.kind !== 'categorical' || effects === undefined) return undefined;
      return Object.fromEntries(f.spec.categories.map((c) => [c, perturb(effects[c] ?? 0)]));
    }),
    predictionDrifts: version.version === 'truth' ? [] : spec.scenarios.filter((s): s is PredictionDriftScenario => s.type === 'prediction_drift' && appliesHere(s)),
    biases: version.version === 'truth' ? [] : spec.scenarios.filter((s): s is BiasScenario => s.type === 'bias' && appliesHere(s)),
  };
}
