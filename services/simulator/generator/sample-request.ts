// One incoming request: protected attributes, features (with any drift active at its
// event time) and the true outcome drawn from the data-generating process.
import type { FeatureValue } from '../../contracts/index.js';
import type { Rng } from '../random/rng.js';
import { scenarioStrength } from '../spec/scenario-spec.js';
import type { CompiledFeature, CompiledModel, CompiledVersion } from './compiled-model.js';

export interface SampledRequest {
  readonly attributes: Record<string, string>;
  readonly features: Record<string, FeatureValue>;
  /** Feature values in CompiledModel.features order, for scoring without key lookups. */
  readonly values: readonly FeatureValue[];
  /** Binary: '0' or '1'. Regression: null. */
  readonly trueLabel: string | null;
  /** Regression: the true value. Binary: null. */
  readonly trueValue: number | null;
}

/** Four decimals keep events small without moving any statistic the tests look at. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export function sampleRequest(model: CompiledModel, t: number, rng: Rng): SampledRequest {
  const attributes: Record<string, string> = {};
  for (const attribute of model.spec.protectedAttributes) {
    attributes[attribute.name] = attribute.values[rng.categorical(attribute.shares)] ?? '';
  }
  const features: Record<string, FeatureValue> = {};
  const values: FeatureValue[] = [];
  for (const feature of model.features) {
    const value = sampleFeature(feature, t, rng);
    features[feature.spec.name] = value;
    values.push(value);
  }

  const eta = linearPredictor(model.truth, model.features, values);
  let decay = 0;
  for (const scenario of model.accuracyDecays) decay += scenarioStrength(scenario, t) * scenario.magnitude;
  if (model.spec.task === 'binary') {
    let positive = rng.uniform() < sigmoid(eta);
    // Concept drift: the world stops matching what the model learnt.
    if (decay > 0 && rng.uniform() < Math.min(decay, 1)) positive = !positive;
    return { attributes, features, values, trueLabel: positive ? '1' : '0', trueValue: null };
  }
  const noise = rng.normal(0, model.spec.truth.noiseSd);
  return { attributes, features, values, trueLabel: null, trueValue: round4(eta + noise + decay * model.outputSd) };
}

function sampleFeature(feature: CompiledFeature, t: number, rng: Rng): FeatureValue {
  const spec = feature.spec;
  if (spec.missingRate !== undefined && spec.missingRate > 0 && rng.uniform() < spec.missingRate) return null;
  if (spec.kind === 'categorical') {
    for (const drift of feature.drifts) {
      // Drift moves a share of the mass onto the target category.
      if (drift.targetCategory !== undefined && rng.uniform() < scenarioStrength(drift, t) * drift.magnitude) return drift.targetCategory;
    }
    return spec.categories[rng.categorical(spec.shares)] ?? null;
  }
  let x: number;
  switch (spec.kind) {
    case 'normal':
      x = rng.normal(spec.mean, spec.sd);
      break;
    case 'lognormal':
      x = rng.lognormal(spec.mu, spec.sigma);
      break;
    case 'bimodal':
      x = rng.normal(rng.uniform() < spec.weight ? spec.modes[0] : spec.modes[1], spec.sd);
      break;
  }
  for (const drift of feature.drifts) x += scenarioStrength(drift, t) * drift.magnitude * feature.sd;
  return round4(x);
}

/** intercept + Σ w·(x − mean)/sd + category effects; missing or non-numeric values contribute 0. */
export function linearPredictor(version: CompiledVersion, features: readonly CompiledFeature[], values: readonly FeatureValue[]): number {
  let eta = version.intercept;
  for (let i = 0; i < features.length; i++) {
    const value = values[i];
    const feature = features[i] as CompiledFeature;
    if (typeof value === 'number') {
      eta += (version.numericWeights[i] ?? 0) * ((value - feature.mean) / feature.sd);
    } else if (typeof value === 'string') {
      eta += version.categoryEffects[i]?.[value] ?? 0;
    }
  }
  return eta;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
