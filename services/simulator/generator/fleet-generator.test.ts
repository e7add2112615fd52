import { describe, expect, it } from 'vitest';
import { outcomeEventSchema, predictionEventSchema } from '../../contracts/index.js';
import { buildPresetFleet } from '../spec/presets.js';
import { HOUR, T0, Z, generateAll, testFleet, testModel } from '../testing/test-fleet.js';
import type { SimEmission } from './emission.js';
import { FleetGenerator } from './fleet-generator.js';

const demo = (seed: number) =>
  buildPresetFleet({ preset: 'demo', models: 5, seed, runId: 'd', startTime: T0, endTime: T0 + 6 * HOUR, scenarioHorizonMs: 6 * HOUR, eventsPerHour: 3_000 });

function firstK(seed: number, k: number): string {
  const out: SimEmission[] = [];
  for (const emission of new FleetGenerator(demo(seed))) {
    out.push(emission);
    if (out.length === k) break;
  }
  return JSON.stringify(out, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value));
}

describe('FleetGenerator', () => {
  it('produces byte-identical output for the same seed', () => {
    expect(firstK(11, 3_000)).toBe(firstK(11, 3_000));
  });

  it('produces different output for a different seed', () => {
    expect(firstK(11, 200)).not.toBe(firstK(12, 200));
  });

  const { emissions, generator } = generateAll(demo(3));
  const predictions = emissions.flatMap((e) => (e.kind === 'prediction' ? [e] : []));
  const outcomes = emissions.flatMap((e) => (e.kind === 'outcome' ? [e] : []));
  const malformed = emissions.flatMap((e) => (e.kind === 'malformed' ? [e] : []));

  it('yields emissions in publish-time order', () => {
    const backwards = emissions.filter((e, i) => i > 0 && e.publishTime < emissions[i - 1]!.publishTime);
    expect(backwards).toEqual([]);
  });

  // Validating every event with zod is the slow part; allow for a loaded machine.
  it('emits only predictions and outcomes that pass the zod contract', { timeout: 60_000 }, () => {
    const failures = [
      ...predictions.flatMap((p) => predictionEventSchema.safeParse(p.event).error?.issues ?? []),
      ...outcomes.flatMap((o) => outcomeEventSchema.safeParse(o.event).error?.issues ?? []),
    ];
    expect(predictions.length + outcomes.length).toBeGreaterThan(10_000);
    expect(failures).toEqual([]);
  });

  it('sends outcomes only for predictions that were emitted', () => {
    const ids = new Set(predictions.map((p) => p.event.predictionId));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !ids.has(o.event.predictionId))).toEqual([]);
  });

  it('lets challengers and shadows score the same request as the serving version, with their own prediction id', () => {
    const byRequest = new Map<string, typeof predictions>();
    for (const p of predictions.filter((e) => e.modelId === 'credit-risk-0001' && !e.duplicate)) {
      byRequest.set(p.event.requestId, [...(byRequest.get(p.event.requestId) ?? []), p]);
    }
    const shared = [...byRequest.values()].filter((group) => group.length > 1);
    expect(shared.length).toBeGreaterThan(50);
    for (const group of shared) {
      expect(new Set(group.map((p) => p.event.predictionId)).size).toBe(group.length);
      expect(new Set(group.map((p) => JSON.stringify(p.event.features))).size).toBe(1);
      // At most one: the served prediction itself may have been replaced by malformed bytes.
      expect(group.map((p) => p.event.deploymentRole).filter((r) => r === 'champion' || r === 'canary').length).toBeLessThanOrEqual(1);
    }
  });

  it('routes the canary its traffic share of requests', () => {
    const model = demo(3).models[0]!;
    const canaryShare = model.versions.find((v) => v.role === 'canary')!.trafficShare;
    const served = predictions.filter((p) => p.modelId === model.modelId && !p.duplicate && (p.event.deploymentRole === 'champion' || p.event.deploymentRole === 'canary'));
    const share = served.filter((p) => p.event.deploymentRole === 'canary').length / served.length;
    expect(Math.abs(share - canaryShare)).toBeLessThan(Z * Math.sqrt((canaryShare * (1 - canaryShare)) / served.length));
  });

  it('keeps a tally equal to what it emitted', () => {
    expect(generator.tally.predictions).toBe(predictions.filter((p) => !p.duplicate).length);
    expect(generator.tally.outcomes).toBe(outcomes.filter((o) => !o.duplicate).length);
    expect(generator.tally.malformed).toBe(malformed.length);
    expect(generator.tally.duplicates).toBe(emissions.filter((e) => e.kind !== 'malformed' && e.duplicate).length);
  });

  it('gives every valid first sending a unique event id', () => {
    const firsts = [...predictions, ...outcomes].filter((e) => !e.duplicate).map((e) => e.event.eventId);
    expect(new Set(firsts).size).toBe(firsts.length);
  });
});

describe('FleetGenerator with a custom spec', () => {
  const { emissions } = generateAll(testFleet([testModel(), testModel({ modelId: 'demand-forecast-0002', task: 'regression', truth: { ...testModel().truth, intercept: 100, noiseSd: 0.5 } })], 2));
  it('draws regression outcomes as values and binary outcomes as labels', () => {
    const outcomes = emissions.flatMap((e) => (e.kind === 'outcome' ? [e.event] : []));
    const wrong = outcomes.filter((o) =>
      o.modelId === 'demand-forecast-0002' ? !(o.label === null && typeof o.value === 'number') : !(o.label === '0' || o.label === '1') || o.value !== null,
    );
    expect(outcomes.length).toBeGreaterThan(1_000);
    expect(wrong).toEqual([]);
  });

  it('rejects a model without a champion', () => {
    expect(() => new FleetGenerator(testFleet([testModel({ versions: [{ version: 'v1', role: 'shadow', trafficShare: 1, coefficientNoise: 0 }] })], 1))).toThrow(/champion/);
  });

  it('rejects a scenario naming an unknown feature', () => {
    const scenario = { id: 'x', type: 'feature_drift_sudden' as const, feature: 'nope', magnitude: 1, start: T0, end: T0 };
    expect(() => new FleetGenerator(testFleet([testModel({ scenarios: [scenario] })], 1))).toThrow(/unknown feature/);
  });
});
