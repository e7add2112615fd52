import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { prediction } from '../profile/event-builders.test-support.js';
import { MonitoringTopology } from '../profile/monitoring-topology.js';
import { sketchProfileParts } from '../profile/sketch-profile-parts.js';
import { adler32 } from './adler32.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { SourceWatermarksState } from '../windows/source-watermarks.js';
import { readWatermarksState, writeWatermarksState } from '../windows/tumbling-windows-codec.js';
import { HOUR, MINUTE, drain, runSteps, scenarioOptions, stepsArbitrary, type Step } from './topology-scenario.test-support.js';

const options = scenarioOptions();

function restoreError(bytes: Uint8Array): unknown {
  try {
    MonitoringTopology.restore(bytes, options);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A topology with open windows, pending predictions, outcomes and requests, and late counts. */
function busyTopology(): MonitoringTopology {
  const t = new MonitoringTopology(options);
  for (let i = 0; i < 150; i++) {
    t.pipePrediction('predictions', prediction({ id: `${i}`, eventTime: i * MINUTE, score: (i % 10) / 10 }));
    t.pipePrediction('predictions', prediction({ id: `s${i}`, requestId: `r-${i}`, eventTime: i * MINUTE, modelVersion: 'v2', deploymentRole: 'shadow' }));
  }
  t.heartbeat('outcomes', 2 * HOUR);
  t.advance();
  t.pipePrediction('predictions', prediction({ id: 'late', eventTime: MINUTE }));
  return t;
}

describe('MonitoringTopology checkpoints', () => {
  it('continues after snapshot and restore with byte-identical output to an uninterrupted run', () => {
    fc.assert(
      fc.property(stepsArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), (steps: Step[], cutShare) => {
        const cut = Math.floor(cutShare * steps.length);
        const uninterrupted = new MonitoringTopology(options);
        const expected = [...runSteps(uninterrupted, steps), drain(uninterrupted)];

        const original = new MonitoringTopology(options);
        const before = runSteps(original, steps.slice(0, cut));
        const snapshot = original.snapshot();
        const restored = MonitoringTopology.restore(snapshot, options);
        expect(restored.snapshot()).toEqual(snapshot);
        expect(restored.gauges()).toEqual(original.gauges());

        const rest = steps.slice(cut);
        expect([...before, ...runSteps(restored, rest), drain(restored)]).toEqual(expected);
        // Taking the snapshot did not change the original either.
        expect([...before, ...runSteps(original, rest), drain(original)]).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('restores the production sketch kit mid-buffer exactly, and a snapshot does not flush the original', () => {
    const production = scenarioOptions(sketchProfileParts);
    const events = Array.from({ length: 2500 }, (_, i) => prediction({ id: `${i}`, eventTime: (i * HOUR) / 2500, score: ((i * 7919) % 1000) / 1000 }));
    const pipe = (t: MonitoringTopology, from: number, to: number) => {
      for (const event of events.slice(from, to)) t.pipePrediction('predictions', event);
    };
    const uninterrupted = new MonitoringTopology(production);
    pipe(uninterrupted, 0, events.length);
    const original = new MonitoringTopology(production);
    pipe(original, 0, 1234);
    const restored = MonitoringTopology.restore(original.snapshot(), production);
    pipe(original, 1234, events.length);
    pipe(restored, 1234, events.length);
    const expected = drain(uninterrupted);
    expect(drain(restored)).toEqual(expected);
    expect(drain(original)).toEqual(expected);
  });

  it('reports the sizes of open and pending state as gauges', () => {
    const t = new MonitoringTopology(options);
    t.pipePrediction('predictions', prediction({ id: '1', eventTime: MINUTE }));
    t.pipePrediction('predictions', prediction({ id: '2', eventTime: HOUR + MINUTE }));
    t.pipeOutcome('outcomes', { eventId: 'o-x', predictionId: 'p-x', modelId: 'credit', eventTime: MINUTE, label: 'yes', value: null });
    expect(t.gauges()).toEqual({
      openPredictionWindows: 2,
      openLabelWindows: 0,
      openComparisonWindows: 0,
      pendingPredictions: 2,
      pendingOutcomes: 1,
      pendingRequests: 2,
    });
  });

  it('rejects every truncation of a checkpoint as CHECKPOINT_CORRUPT', () => {
    const bytes = busyTopology().snapshot();
    for (let length = 0; length < bytes.length; length += Math.max(1, Math.floor(bytes.length / 300))) {
      expect(isVigilError(restoreError(bytes.subarray(0, length)), 'CHECKPOINT_CORRUPT')).toBe(true);
    }
  });

  it('rejects a checkpoint with any byte changed, or with trailing bytes', () => {
    const bytes = busyTopology().snapshot();
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const corrupt = bytes.slice();
        corrupt[index] = ((corrupt[index] as number) + delta) % 256;
        expect(isVigilError(restoreError(corrupt), 'CHECKPOINT_CORRUPT')).toBe(true);
      }),
    );
    expect(isVigilError(restoreError(new Uint8Array([...bytes, 0])), 'CHECKPOINT_CORRUPT')).toBe(true);
  });

  it('rejects a checkpoint of an unknown version and one written with another sketch kit', () => {
    const bytes = busyTopology().snapshot();
    const otherVersion = bytes.slice(0, -4);
    otherVersion[0] = 3;
    expect(isVigilError(restoreError(withCrc(otherVersion)), 'CHECKPOINT_CORRUPT')).toBe(true);
    expect(() => MonitoringTopology.restore(bytes, scenarioOptions(sketchProfileParts))).toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT' }));
  });
});

describe('MonitoringTopology checkpoints of version 1', () => {
  it('restores a checkpoint written before the first event time was kept, and continues as the current layout does', () => {
    const topology = busyTopology();
    const current = topology.snapshot();
    // Version 1 is version 2 without the watermarks' trailing first event time (8 bytes).
    const watermarks = new ByteWriter();
    writeWatermarksState(watermarks, new SourceWatermarksProbe(topology).state());
    const end = 1 + watermarks.finish().length;
    const body = current.slice(0, -4);
    const versionOne = new Uint8Array([1, ...body.subarray(1, end - 8), ...body.subarray(end)]);
    const fromOne = MonitoringTopology.restore(withCrc(versionOne), options);
    const fromTwo = MonitoringTopology.restore(current, options);
    const next = prediction({ id: 'after', eventTime: 151 * MINUTE });
    for (const t of [fromOne, fromTwo]) t.pipePrediction('predictions', next);
    expect(drain(fromOne)).toBe(drain(fromTwo));
  });
});

/** The watermarks' state of a topology, read back from its own checkpoint. */
class SourceWatermarksProbe {
  constructor(private readonly topology: MonitoringTopology) {}

  state(): SourceWatermarksState {
    const body = this.topology.snapshot().slice(0, -4);
    const reader = new ByteReader(body, 'probe', 'CHECKPOINT_CORRUPT');
    reader.u8();
    return readWatermarksState(reader);
  }
}

/** Re-seals a body with a valid checksum, so the version check itself is what rejects it. */
function withCrc(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, adler32(body), true);
  return out;
}
