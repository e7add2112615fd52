// One version's prediction for a request, with prediction drift and group bias applied.
import type { Prediction } from '../../contracts/index.js';
import type { Rng } from '../random/rng.js';
import { scenarioStrength } from '../spec/scenario-spec.js';
import type { CompiledModel, CompiledVersion } from './compiled-model.js';
import { linearPredictor, round4, sigmoid, type SampledRequest } from './sample-request.js';

/** Six decimals, and the two classes computed from one rounded number, so they sum to 1. */
function round6(x: number): number {
  return Math.round(x * 1_000_000) / 1_000_000;
}

export function scoreVersion(model: CompiledModel, version: CompiledVersion, request: SampledRequest, t: number, rng: Rng): Prediction {
  let eta = linearPredictor(version, model.features, request.values);
  let shift = 0;
  for (const drift of version.predictionDrifts) shift += scenarioStrength(drift, t) * drift.magnitude;

  if (model.spec.task === 'regression') {
    return { label: null, probabilities: null, value: round4(eta + shift * model.outputSd) };
  }
  eta += shift;
  let p = sigmoid(eta);
  for (const bias of version.biases) {
    if (p < 0.5 || request.attributes[bias.attribute] !== bias.unprivilegedValue) continue;
    // Keep a selected member of the group with probability factor (ramping in), so the
    // group's selection rate becomes factor times what it would have been.
    const keep = 1 - scenarioStrength(bias, t) * (1 - bias.selectionRateFactor);
    if (rng.uniform() >= keep) p = Math.min(1 - p, 0.4999);
  }
  const positive = round6(p);
  const label = positive >= 0.5 ? '1' : '0';
  return { label, probabilities: { '0': round6(1 - positive), '1': positive }, value: null };
}
