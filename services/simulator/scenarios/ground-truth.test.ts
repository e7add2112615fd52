import { describe, expect, it } from 'vitest';
import { buildPresetFleet } from '../spec/presets.js';
import type { ScenarioType } from '../spec/scenario-spec.js';
import { HOUR, T0 } from '../testing/test-fleet.js';
import { buildGroundTruth } from './ground-truth.js';

const ALL_TYPES: readonly ScenarioType[] = [
  'feature_drift_gradual',
  'feature_drift_sudden',
  'prediction_drift',
  'bias',
  'accuracy_decay',
  'out_of_order',
  'late_events',
  'duplicates',
  'malformed',
];

const fleet = (preset: 'demo' | 'fleet', models: number) =>
  buildPresetFleet({ preset, models, seed: 5, runId: 'g', startTime: T0, endTime: T0 + 24 * HOUR, scenarioHorizonMs: 24 * HOUR, eventsPerHour: 10_000 });

describe('ground truth', () => {
  const spec = fleet('demo', 5);
  const truth = buildGroundTruth(spec);

  it('records every injected scenario with its model, times and magnitude', () => {
    for (const model of spec.models) {
      for (const scenario of model.scenarios) {
        const entry = truth.injected.find((i) => i.modelId === model.modelId && i.scenarioId === scenario.id);
        expect(entry).toMatchObject({ type: scenario.type, start: scenario.start, end: scenario.end });
        expect(entry!.description.length).toBeGreaterThan(0);
      }
    }
  });

  it('covers every scenario type in the demo preset', () => {
    expect(new Set(truth.injected.map((i) => i.type))).toEqual(new Set([...ALL_TYPES, 'label_delay']));
  });

  it('records each model’s label delay and keeps one healthy control model', () => {
    expect(truth.injected.filter((i) => i.type === 'label_delay').map((i) => i.modelId)).toEqual(spec.models.map((m) => m.modelId));
    expect(truth.models.filter((m) => m.healthy).map((m) => m.modelId)).toEqual(['credit-risk-0005']);
  });

  it('survives a JSON round trip unchanged, with an open end written as null', () => {
    expect(JSON.parse(JSON.stringify(truth))).toEqual(truth);
    expect(buildGroundTruth({ ...spec, endTime: Number.POSITIVE_INFINITY }).endTime).toBeNull();
  });

  it('places scenarios inside the scenario horizon', () => {
    for (const entry of truth.injected) {
      expect(entry.start).toBeGreaterThanOrEqual(T0);
      expect(entry.end).toBeLessThanOrEqual(T0 + 24 * HOUR);
    }
  });
});

describe('fleet preset', () => {
  const spec = fleet('fleet', 40);

  it('builds the requested number of models with unique ids like credit-risk-0001', () => {
    const ids = spec.models.map((m) => m.modelId);
    expect(new Set(ids).size).toBe(40);
    for (const id of ids) expect(id).toMatch(/^[a-z-]+-\d{4}$/);
    expect(ids[0]).toBe('credit-risk-0001');
  });

  it('gives every model exactly one champion and twenty features, and a few models a quality scenario', () => {
    for (const model of spec.models) {
      expect(model.versions.filter((v) => v.role === 'champion')).toHaveLength(1);
      expect(model.features).toHaveLength(20);
    }
    const unhealthy = buildGroundTruth(spec).models.filter((m) => !m.healthy).length;
    expect(unhealthy).toBe(4);
  });

  it('includes regression models', () => {
    expect(spec.models.some((m) => m.task === 'regression')).toBe(true);
  });
});
