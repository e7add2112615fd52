import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { ByteWriter } from '../binary/byte-codec.js';
import { TumblingWindows } from './tumbling-windows.js';
import { deserializeClosedWindow, serializeClosedWindow } from './window-output-codec.js';

const HOUR = 3_600_000;

class SumState {
  count = 0;
  sum = 0;
  add(value: number): void {
    this.count += 1;
    this.sum += value;
  }
  serialize(): Uint8Array {
    return new ByteWriter().f64(this.count).f64(this.sum).finish();
  }
}

function hourly(graceMs: number, maxIds = 1_000): TumblingWindows<SumState> {
  return new TumblingWindows({ spec: { sizeMs: HOUR, graceMs }, maxTrackedEventIdsPerWindow: maxIds, createState: () => new SumState() });
}

describe('TumblingWindows', () => {
  it('puts an event exactly at a window end into the next window', () => {
    const windows = hourly(0);
    windows.offer('m', HOUR - 1, 'a', (s) => { s.add(1); });
    windows.offer('m', HOUR, 'b', (s) => { s.add(10); });
    const emission = windows.advanceWatermark(2 * HOUR);
    expect(emission.closed.map((w) => [w.start, w.end, w.state.sum])).toEqual([
      [0, HOUR, 1],
      [HOUR, 2 * HOUR, 10],
    ]);
  });

  it('keeps a window open until the watermark reaches its end plus grace, then emits it once', () => {
    const windows = hourly(10 * 60_000);
    windows.offer('m', 5, 'a', (s) => { s.add(1); });
    expect(windows.advanceWatermark(HOUR).closed).toHaveLength(0);
    expect(windows.advanceWatermark(HOUR + 10 * 60_000 - 1).closed).toHaveLength(0);
    expect(windows.advanceWatermark(HOUR + 10 * 60_000).closed).toHaveLength(1);
    expect(windows.advanceWatermark(5 * HOUR).closed).toHaveLength(0);
  });

  it('applies events that arrive after the window end but within grace', () => {
    const windows = hourly(10 * 60_000);
    windows.advanceWatermark(HOUR + 60_000);
    expect(windows.offer('m', HOUR - 1, 'late-but-in-grace', (s) => { s.add(3); })).toBe('applied');
    expect(windows.advanceWatermark(2 * HOUR).closed[0]?.state.sum).toBe(3);
  });

  it('counts events for a closed window as late per key and window, and does not apply them', () => {
    const windows = hourly(0);
    windows.offer('m1', 10, 'a', (s) => { s.add(1); });
    const first = windows.advanceWatermark(HOUR);
    expect(first.closed).toHaveLength(1);
    let applied = false;
    expect(windows.offer('m1', 20, 'b', () => { applied = true; })).toBe('late');
    windows.offer('m1', 30, 'c', () => { applied = true; });
    windows.offer('m2', 40, 'd', () => { applied = true; });
    const second = windows.advanceWatermark(HOUR + 1);
    expect(applied).toBe(false);
    expect(second.closed).toHaveLength(0);
    expect(second.late).toEqual([
      { key: 'm1', start: 0, end: HOUR, count: 2 },
      { key: 'm2', start: 0, end: HOUR, count: 1 },
    ]);
    expect(windows.advanceWatermark(HOUR + 2).late).toEqual([]);
  });

  it('counts a redelivered event id as a duplicate and applies it once', () => {
    const windows = hourly(0);
    expect(windows.offer('m', 1, 'same', (s) => { s.add(5); })).toBe('applied');
    expect(windows.offer('m', 1, 'same', (s) => { s.add(5); })).toBe('duplicate');
    const [window] = windows.advanceWatermark(HOUR).closed;
    expect(window?.state.sum).toBe(5);
    expect(window?.duplicates).toBe(1);
    expect(window?.applied).toBe(1);
  });

  it('applies events beyond the id-set capacity and counts them as untracked', () => {
    const windows = hourly(0, 2);
    for (const id of ['a', 'b', 'c', 'c']) windows.offer('m', 1, id, (s) => { s.add(1); });
    const [window] = windows.advanceWatermark(HOUR).closed;
    expect(window?.state.count).toBe(4);
    expect(window?.untrackedIds).toBe(2);
    expect(window?.duplicates).toBe(0);
  });

  it('never moves the watermark backwards', () => {
    const windows = hourly(0);
    windows.advanceWatermark(2 * HOUR);
    expect(windows.advanceWatermark(HOUR).watermark).toBe(2 * HOUR);
    expect(windows.offer('m', HOUR + 5, 'x', () => undefined)).toBe('late');
  });

  it('counts a non-finite event time as invalid without throwing', () => {
    const windows = hourly(0);
    expect(windows.offer('m', Number.NaN, 'x', () => undefined)).toBe('invalid_time');
    expect(windows.invalidEventTimes).toBe(1);
    expect(windows.openWindowCount()).toBe(0);
  });

  it('emits closed windows ordered by start and then key', () => {
    const windows = hourly(0);
    windows.offer('b', HOUR + 1, '1', () => undefined);
    windows.offer('a', HOUR + 1, '2', () => undefined);
    windows.offer('c', 1, '3', () => undefined);
    expect(windows.advanceWatermark(3 * HOUR).closed.map((w) => `${w.start}/${w.key}`)).toEqual(['0/c', `${HOUR}/a`, `${HOUR}/b`]);
  });

  it('rejects a window size of zero and a negative grace', () => {
    const create = () => new SumState();
    expect(() => new TumblingWindows({ spec: { sizeMs: 0, graceMs: 0 }, maxTrackedEventIdsPerWindow: 1, createState: create })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => new TumblingWindows({ spec: { sizeMs: 1, graceMs: -1 }, maxTrackedEventIdsPerWindow: 1, createState: create })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('round-trips a closed window through its bytes and rejects truncated bytes', () => {
    const windows = hourly(0);
    windows.offer('model-a', 7, 'e', (s) => { s.add(2.5); });
    const [window] = windows.advanceWatermark(HOUR).closed;
    const bytes = serializeClosedWindow(window!, (s) => s.serialize());
    const decodeState = (b: Uint8Array) => {
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const s = new SumState();
      s.count = view.getFloat64(0, true);
      s.sum = view.getFloat64(8, true);
      return s;
    };
    const decoded = deserializeClosedWindow(bytes, decodeState);
    expect(serializeClosedWindow(decoded, (s) => s.serialize())).toEqual(bytes);
    let error: unknown;
    try {
      deserializeClosedWindow(bytes.subarray(0, bytes.length - 3), decodeState);
    } catch (e) {
      error = e;
    }
    expect(isVigilError(error, 'WINDOW_STATE_CORRUPT')).toBe(true);
  });

  it('accounts for every offered event as applied, duplicate or late, whatever the interleaving', () => {
    const step = fc.oneof(
      fc.record({ time: fc.integer({ min: 0, max: 5 * HOUR }), id: fc.integer({ min: 0, max: 40 }), key: fc.constantFrom('a', 'b') }),
      fc.record({ watermark: fc.integer({ min: 0, max: 6 * HOUR }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const windows = hourly(15 * 60_000);
        let offered = 0;
        let late = 0;
        let applied = 0;
        let duplicates = 0;
        const tally = (emission: ReturnType<typeof windows.advanceWatermark>) => {
          for (const w of emission.closed) {
            applied += w.state.count;
            duplicates += w.duplicates;
          }
          for (const l of emission.late) late += l.count;
        };
        for (const s of steps) {
          if ('watermark' in s) tally(windows.advanceWatermark(s.watermark));
          else {
            offered += 1;
            windows.offer(s.key, s.time, `${s.id}`, (state) => { state.add(1); });
          }
        }
        tally(windows.advanceWatermark(Number.MAX_SAFE_INTEGER));
        expect(applied + duplicates + late).toBe(offered);
        expect(windows.openWindowCount()).toBe(0);
      }),
    );
  });
});
