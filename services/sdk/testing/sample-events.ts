import type { EventInputOf } from '../../contracts/index.js';

/**
 * Deterministic events for the SDK's tests, interop test and benchmark: `i` picks the
 * model (round robin over `models`), the feature values and the label.
 */
export function samplePrediction(i: number, options: { models?: number; features?: number; runId?: string } = {}): EventInputOf<'prediction'> {
  const models = options.models ?? 3;
  const runId = options.runId ?? 'run';
  const features: Record<string, number | string | boolean | null> = {};
  const featureCount = options.features ?? 20;
  for (let f = 0; f < featureCount; f++) {
    // A mix of the feature value types the contract allows, numbers most of all.
    if (f % 10 === 7) features[`f${f}`] = `cat-${(i + f) % 5}`;
    else if (f % 10 === 8) features[`f${f}`] = (i + f) % 2 === 0;
    else if (f % 10 === 9 && i % 11 === 0) features[`f${f}`] = null;
    else features[`f${f}`] = ((i * 31 + f * 17) % 1000) / 10 + 0.25;
  }
  const positive = ((i * 7) % 10) / 10 + 0.05;
  return {
    eventId: `${runId}-pe-${i}`,
    modelId: `model-${i % models}`,
    modelVersion: '1.0.0',
    deploymentRole: 'champion',
    requestId: `${runId}-req-${i}`,
    predictionId: `${runId}-p-${i}`,
    eventTime: 1_767_225_600_000 + i * 1_000,
    features,
    prediction: { label: positive >= 0.5 ? 'yes' : 'no', probabilities: { yes: positive, no: 1 - positive } },
    attributes: { region: ['eu', 'us', 'apac'][i % 3] ?? 'eu' },
    latencyMs: (i % 50) + 0.5,
  };
}

export function sampleOutcome(i: number, options: { models?: number; runId?: string } = {}): EventInputOf<'outcome'> {
  const models = options.models ?? 3;
  const runId = options.runId ?? 'run';
  return {
    eventId: `${runId}-oe-${i}`,
    predictionId: `${runId}-p-${i}`,
    modelId: `model-${i % models}`,
    eventTime: 1_767_225_600_000 + i * 1_000 + 60_000,
    label: i % 3 === 0 ? 'yes' : 'no',
  };
}
