// Small hand-written fleets for tests: one model, fast to generate, each scenario alone.
import { FleetGenerator } from '../generator/fleet-generator.js';
import type { SimEmission } from '../generator/emission.js';
import type { FleetSpec, ModelSpec } from '../spec/fleet-spec.js';
import { PROTECTED_ATTRIBUTES } from '../spec/model-templates.js';
import type { ScenarioSpec } from '../spec/scenario-spec.js';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 0, 1);

export function testModel(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    modelId: 'credit-risk-0001',
    task: 'binary',
    requestsPerHour: 2_000,
    features: [
      { name: 'income', kind: 'lognormal', mu: 8, sigma: 0.5 },
      { name: 'score', kind: 'normal', mean: 600, sd: 50 },
      { name: 'utilization', kind: 'bimodal', modes: [0.2, 0.8], sd: 0.08, weight: 0.5 },
      { name: 'channel', kind: 'categorical', categories: ['web', 'mobile', 'branch'], shares: [0.5, 0.3, 0.2] },
    ],
    protectedAttributes: PROTECTED_ATTRIBUTES,
    truth: {
      intercept: -0.5,
      numericWeights: { income: 0.8, score: -1.2, utilization: 0.6 },
      categoryEffects: { channel: { web: 0.2, mobile: -0.1, branch: 0 } },
      noiseSd: 0,
    },
    versions: [{ version: 'v1.0', role: 'champion', trafficShare: 1, coefficientNoise: 0.1 }],
    labelDelay: { delay: { kind: 'exponential', meanMs: HOUR }, neverLabelledShare: 0.1 },
    scenarios: [],
    ...overrides,
  };
}

export function testFleet(models: readonly ModelSpec[], hours: number, seed = 7): FleetSpec {
  return { seed, runId: 't', startTime: T0, endTime: T0 + hours * HOUR, models };
}

/** Generates the whole run (arrivals stop at endTime; everything scheduled is drained). */
export function generateAll(spec: FleetSpec): { emissions: SimEmission[]; generator: FleetGenerator } {
  const generator = new FleetGenerator(spec);
  return { emissions: [...generator], generator };
}

export function oneScenario(scenario: ScenarioSpec, model: Partial<ModelSpec> = {}, hours = 20): SimEmission[] {
  return generateAll(testFleet([testModel({ ...model, scenarios: [scenario] })], hours)).emissions;
}

/** Mean, sample count and population sd. */
export function summarize(values: readonly number[]): { mean: number; sd: number; n: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { mean, sd: Math.sqrt(variance), n };
}

/** Four standard errors: the tolerance every sampling check in these tests uses. */
export const Z = 4;
