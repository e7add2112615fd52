import { describe, expect, it } from 'vitest';
import type { ClosedWindow } from '../../core/windows/index.js';
import type { ModelWindowProfile } from '../../core/profile/index.js';
import type { ClosedWindows, WindowSink } from '../window-sink.js';
import { SinkWriter } from './sink-writer.js';

/** A close of `windows` prediction windows by `partition` (the writer only counts them). */
function close(partition: number, windows = 1): ClosedWindows {
  const window = { key: `m${partition}|v1|champion`, start: 0, end: 1 } as unknown as ClosedWindow<ModelWindowProfile>;
  return { partition, watermark: 1, predictionWindows: Array.from({ length: windows }, () => window), labelWindows: [], comparisonWindows: [], latePredictions: [], lateLabels: [] };
}

/** A sink whose writes finish only when the test says so, recording what each write held. */
class GatedSink implements WindowSink {
  readonly writes: (readonly ClosedWindows[])[] = [];
  #release: (() => void)[] = [];
  failNext: Error | undefined;

  write(batch: readonly ClosedWindows[]): Promise<void> {
    this.writes.push(batch);
    const failure = this.failNext;
    this.failNext = undefined;
    return new Promise<void>((resolve, reject) => {
      this.#release.push(() => {
        if (failure === undefined) resolve();
        else reject(failure);
      });
    });
  }

  /** Lets the oldest running write finish, then waits until the writer reacted. */
  async finishOne(): Promise<void> {
    this.#release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** An acknowledgement watched from the moment it is handed out (a rejection is never unhandled). */
interface Ack {
  state: 'waiting' | 'written' | 'failed';
  error?: unknown;
}
function track(promise: Promise<void>): Ack {
  const ack: Ack = { state: 'waiting' };
  promise.then(
    () => { ack.state = 'written'; },
    (error: unknown) => {
      ack.state = 'failed';
      ack.error = error;
    },
  );
  return ack;
}
const states = (acks: readonly Ack[]) => acks.map((a) => a.state);

describe('the sink writer', () => {
  it('writes closes submitted while a write runs together in the next write, in the order they came', async () => {
    const sink = new GatedSink();
    const writer = new SinkWriter(sink);
    const first = track(writer.submit(close(0)));
    await settle();
    const later = [close(1), close(2), close(0)].map((c) => track(writer.submit(c)));
    expect(sink.writes.map((w) => w.map((c) => c.partition))).toEqual([[0]]);
    await sink.finishOne();
    expect(states([first, ...later])).toEqual(['written', 'waiting', 'waiting', 'waiting']);
    expect(sink.writes.map((w) => w.map((c) => c.partition))).toEqual([[0], [1, 2, 0]]);
    await sink.finishOne();
    expect(states(later)).toEqual(['written', 'written', 'written']);
  });

  it('fails every close of a failed write and every close still queued, so none is written ahead of an earlier one', async () => {
    const sink = new GatedSink();
    const writer = new SinkWriter(sink);
    sink.failNext = new Error('store down');
    const failed = track(writer.submit(close(0)));
    await settle();
    const queued = track(writer.submit(close(0)));
    await sink.finishOne();
    expect(states([failed, queued])).toEqual(['failed', 'failed']);
    expect([failed.error, queued.error].map((e) => (e as Error).message)).toEqual(['store down', 'store down']);
    expect(sink.writes).toHaveLength(1);
    const retried = track(writer.submit(close(0)));
    await settle();
    await sink.finishOne();
    expect(retried.state).toBe('written');
  });

  it('caps the windows of one write, but never splits what one advance closed', async () => {
    const sink = new GatedSink();
    const writer = new SinkWriter(sink, { maxWindowsPerWrite: 10 });
    const acks = [close(0, 4), close(1, 5), close(2, 3), close(3, 25)].map((c) => track(writer.submit(c)));
    await settle();
    expect(sink.writes.map((w) => w.map((c) => c.partition))).toEqual([[0, 1]]);
    await sink.finishOne();
    await sink.finishOne();
    await sink.finishOne();
    expect(sink.writes.map((w) => w.map((c) => c.partition))).toEqual([[0, 1], [2], [3]]);
    expect(states(acks)).toEqual(['written', 'written', 'written', 'written']);
  });

  it('reports each write with its duration, closes and outcome', async () => {
    const sink = new GatedSink();
    const reports: [number, boolean][] = [];
    const writer = new SinkWriter(sink, { onWrite: (seconds, closes, failed) => { expect(seconds).toBeGreaterThanOrEqual(0); reports.push([closes, failed]); } });
    sink.failNext = new Error('down');
    [close(0), close(1)].map((c) => track(writer.submit(c)));
    await settle();
    await sink.finishOne();
    track(writer.submit(close(0)));
    await settle();
    await sink.finishOne();
    expect(reports).toEqual([[2, true], [1, false]]);
  });
});
