import { describe, expect, it } from 'vitest';
import { FleetGenerator } from '../generator/fleet-generator.js';
import type { SimEmission } from '../generator/emission.js';
import { HOUR, T0, generateAll, testFleet, testModel } from '../testing/test-fleet.js';
import type { Clock } from './clock.js';
import { MemoryPublisher } from './memory-publisher.js';
import { runSimulation } from './run-simulation.js';

/** Time moves only when the runner sleeps: the run is exactly reproducible. */
function fakeClock(): Clock & { elapsed: () => number } {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    elapsed: () => now,
  };
}

const spec = testFleet(
  [testModel({ scenarios: [{ id: 'm', type: 'malformed', share: 0.02, start: T0, end: T0 }, { id: 'd', type: 'duplicates', share: 0.02, meanDelayMs: 1_000, start: T0, end: T0 }] })],
  2,
);
const all = generateAll(spec).emissions;
const count = (emissions: readonly SimEmission[], kind: SimEmission['kind']) => emissions.filter((e) => e.kind === kind).length;

describe('runSimulation', () => {
  it('publishes every emission in order, by kind, when unpaced', async () => {
    const publisher = new MemoryPublisher();
    const summary = await runSimulation({
      emissions: new FleetGenerator(spec),
      publisher,
      clock: fakeClock(),
      signal: new AbortController().signal,
      simStartTime: T0,
      speedUp: Number.POSITIVE_INFINITY,
      maxRatePerSecond: Number.POSITIVE_INFINITY,
      durationMs: Number.POSITIVE_INFINITY,
    });
    expect(summary.stoppedBy).toBe('end');
    expect(summary.published).toEqual({ prediction: count(all, 'prediction'), outcome: count(all, 'outcome'), malformed: count(all, 'malformed') });
    expect(publisher.predictions.map((p) => p.eventId)).toEqual(all.flatMap((e) => (e.kind === 'prediction' ? [e.event.eventId] : [])));
    expect(publisher.raws.length).toBe(count(all, 'malformed'));
    expect(summary.duplicates).toBe(all.filter((e) => e.kind !== 'malformed' && e.duplicate).length);
  });

  it('publishes only what the simulated clock has reached: speed-up times wall time', async () => {
    const publisher = new MemoryPublisher();
    const speedUp = 3_600;
    const durationMs = 500;
    await runSimulation({
      emissions: new FleetGenerator(spec),
      publisher,
      clock: fakeClock(),
      signal: new AbortController().signal,
      simStartTime: T0,
      speedUp,
      maxRatePerSecond: Number.POSITIVE_INFINITY,
      durationMs,
    });
    const due = all.filter((e) => e.kind === 'prediction' && e.publishTime <= T0 + durationMs * speedUp);
    expect(publisher.predictions.length).toBeGreaterThan(0);
    expect(publisher.predictions.length).toBeLessThanOrEqual(due.length);
    // Everything published was due, and at most one tick's worth of due records is still waiting.
    expect(publisher.predictions.every((p) => p.eventTime <= T0 + durationMs * speedUp)).toBe(true);
    const tickWorth = all.filter((e) => e.kind === 'prediction' && e.publishTime > T0 + (durationMs - 50) * speedUp && e.publishTime <= T0 + durationMs * speedUp).length;
    expect(due.length - publisher.predictions.length).toBeLessThanOrEqual(tickWorth);
  });

  it('never publishes past the simulated time limit, then follows it at wall speed', async () => {
    const publisher = new MemoryPublisher();
    const clock = fakeClock();
    // The "present" sits 20 simulated minutes after the start and moves with the fake wall clock.
    const present = () => T0 + 20 * 60_000 + clock.elapsed();
    await runSimulation({
      emissions: new FleetGenerator(spec),
      publisher,
      clock,
      signal: new AbortController().signal,
      simStartTime: T0,
      speedUp: 3_600,
      maxRatePerSecond: Number.POSITIVE_INFINITY,
      durationMs: 2_000,
      simTimeLimit: present,
    });
    const limit = T0 + 20 * 60_000 + clock.elapsed();
    expect(publisher.predictions.length).toBeGreaterThan(0);
    expect(publisher.predictions.every((p) => p.eventTime <= limit)).toBe(true);
    // Without the limit, two wall seconds at 3600x would have reached two simulated hours.
    const unlimited = all.filter((e) => e.kind === 'prediction' && e.publishTime <= T0 + 2_000 * 3_600).length;
    expect(publisher.predictions.length).toBeLessThan(unlimited);
  });

  it('never exceeds the rate cap', async () => {
    const publisher = new MemoryPublisher();
    const clock = fakeClock();
    const maxRatePerSecond = 200;
    const summary = await runSimulation({
      emissions: new FleetGenerator(spec),
      publisher,
      clock,
      signal: new AbortController().signal,
      simStartTime: T0,
      speedUp: Number.POSITIVE_INFINITY,
      maxRatePerSecond,
      durationMs: 3_000,
    });
    const total = summary.published.prediction + summary.published.outcome + summary.published.malformed;
    expect(summary.stoppedBy).toBe('duration');
    expect(total).toBeLessThanOrEqual((maxRatePerSecond * clock.elapsed()) / 1000);
    expect(total).toBeGreaterThan(0);
  });

  it('stops on the abort signal and flushes what it published', async () => {
    const publisher = new MemoryPublisher();
    const controller = new AbortController();
    const summary = await runSimulation({
      emissions: new FleetGenerator(spec),
      publisher,
      clock: fakeClock(),
      signal: controller.signal,
      simStartTime: T0,
      speedUp: HOUR / 1000,
      maxRatePerSecond: Number.POSITIVE_INFINITY,
      durationMs: Number.POSITIVE_INFINITY,
      progressEveryMs: 100,
      onProgress: () => {
        controller.abort();
      },
    });
    expect(summary.stoppedBy).toBe('signal');
    expect(publisher.flushes).toBeGreaterThan(0);
    expect(publisher.predictions.length).toBeLessThan(count(all, 'prediction'));
  });
});
