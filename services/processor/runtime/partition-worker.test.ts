import { describe, expect, it } from 'vitest';
import { outcome, prediction } from '../../core/profile/event-builders.test-support.js';
import { VigilError } from '../../shared/errors.js';
import { createRootLogger } from '../../shared/logger.js';
import type { CheckpointRepository, CheckpointWrite, StoredCheckpoint } from '../checkpoint/checkpoint-repository.js';
import { ProcessorMetrics } from '../metrics/processor-metrics.js';
import type { ClosedWindows } from '../window-sink.js';
import { PartitionFencedError, PartitionWorker, type PartitionDeps } from './partition-worker.js';
import { SinkWriter } from './sink-writer.js';
import { topologyOptions } from './topology-options.js';
import { configSchema } from '../../shared/config-schema.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const topics = { predictions: 'preds', outcomes: 'outs' };
const settings = { positiveLabel: 'yes', protectedAttributes: ['gender'], maxGroupsPerAttribute: 16, maxClasses: 16 };
// Most of these tests pipe no outcomes: with a 1 ms idle timeout the silent outcomes topic stops
// holding the watermark as soon as the predictions move on, so windows close on predictions alone.
const processor = configSchema.parse({ kafka: { brokers: ['x:1'] }, processor: { windowSizeMs: MINUTE, graceMs: 0, labelHorizonMs: MINUTE, idleSourceTimeoutMs: 1 } }).processor;

/** An in-memory checkpoint table: the worker's only I/O besides the sink. */
class MemoryCheckpoints {
  readonly written: CheckpointWrite[] = [];
  latest(): Promise<StoredCheckpoint | null> {
    return Promise.resolve(this.written.at(-1) ?? null);
  }
  latestSeq(): Promise<number> {
    return Promise.resolve(this.written.at(-1)?.seq ?? 0);
  }
  highestCounterSeq(): Promise<number> {
    return Promise.resolve(0);
  }
  write(checkpoint: CheckpointWrite): Promise<{ stateBytes: number }> {
    this.written.push(checkpoint);
    return Promise.resolve({ stateBytes: checkpoint.state.byteLength });
  }
}

/** `failures`: how many sink writes fail (store down) before they succeed. */
function setUp(failures = 0) {
  const checkpoints = new MemoryCheckpoints();
  const sunk: ClosedWindows[] = [];
  let failing = failures;
  const write = (batch: readonly ClosedWindows[]): Promise<void> => {
    if (failing-- > 0) return Promise.reject(new VigilError('STORE_UNAVAILABLE', 'down'));
    sunk.push(...batch);
    return Promise.resolve();
  };
  const deps: PartitionDeps = {
    topics,
    topologyOptions: topologyOptions(processor, () => settings),
    sink: new SinkWriter({ write }),
    checkpoints: checkpoints as unknown as CheckpointRepository,
    metrics: new ProcessorMetrics({ defaultMetrics: false }),
    clock: () => T0 + 10 * MINUTE,
    checkpointIntervalMs: 0,
    counterRetainMinutes: 15,
  };
  return { checkpoints, sunk, deps, logger: createRootLogger({ level: 'silent', service: 'test' }) };
}

const ok = (id: string, t: number) => ({ ok: true as const, kind: 'prediction' as const, event: prediction({ id, eventTime: t }) });
const label = (id: string, t: number) => ({ ok: true as const, kind: 'outcome' as const, event: outcome(id, t, 'yes') });

/** Pipes one prediction at `t` and advances: the windows before it close. */
function closeAt(worker: PartitionWorker, id: string, t: number, offset: string): void {
  worker.apply('preds', [{ offset, recordTime: T0, decoded: ok(id, t) }]);
  worker.advance();
}

describe('a partition worker', () => {
  it('advances only once both topics were fed, or the silent one is known to be caught up', async () => {
    const { deps, logger } = setUp();
    const worker = await PartitionWorker.load(0, deps, logger);
    worker.apply('preds', [{ offset: '0', recordTime: T0, decoded: ok('a', T0) }]);
    worker.noteBatch('preds', 0);
    expect(worker.advanceDue()).toBe(false);
    expect(worker.waitingFor()).toEqual(['outs']);
    worker.noteEndOffsets('outs', '0', '3');
    expect(worker.advanceDue()).toBe(false);
    worker.noteEndOffsets('outs', '0', '0');
    expect(worker.advanceDue()).toBe(true);
    worker.advance();
    expect(worker.advanceDue()).toBe(false);
    worker.apply('outs', [{ offset: '0', recordTime: T0, decoded: label('a', T0 + 1) }]);
    worker.noteBatch('outs', 0);
    // The predictions' end offset read before the advance may be stale: a fresh one is needed.
    expect(worker.waitingFor()).toEqual(['preds']);
    worker.noteEndOffsets('preds', '0', '1');
    expect(worker.advanceDue()).toBe(true);
  });

  it('never advances on outcomes alone before any prediction was read', async () => {
    const { deps, logger } = setUp();
    const worker = await PartitionWorker.load(0, deps, logger);
    worker.apply('outs', [{ offset: '0', recordTime: T0, decoded: label('a', T0 + 3 * 60 * MINUTE) }]);
    worker.noteBatch('outs', 0);
    worker.noteEndOffsets('preds', '0', '0');
    expect(worker.advanceDue()).toBe(false);
    worker.apply('preds', [{ offset: '0', recordTime: T0, decoded: ok('a', T0) }]);
    worker.noteBatch('preds', 0);
    expect(worker.advanceDue()).toBe(true);
  });

  it('counts accepted and dead-lettered records, hands closed windows to the sink and checkpoints the next offsets', async () => {
    const { deps, logger, sunk, checkpoints } = setUp();
    const worker = await PartitionWorker.load(2, deps, logger);
    worker.apply('preds', [
      { offset: '5', recordTime: T0, decoded: ok('a', T0) },
      { offset: '6', recordTime: T0, decoded: { ok: false, error: new VigilError('EVENT_NOT_JSON') } },
      { offset: '7', recordTime: T0, decoded: ok('b', T0 + 2 * MINUTE) },
    ]);
    worker.apply('outs', [{ offset: '0', recordTime: T0, decoded: label('b', T0 + 2 * MINUTE) }]);
    worker.advance();
    await worker.flushSink();
    expect(sunk.flatMap((c) => c.predictionWindows.map((w) => [w.start, w.applied]))).toEqual([[T0, 1]]);
    const offsets = await worker.checkpoint();
    expect(offsets).toEqual([
      { topic: 'preds', partition: 2, offset: '8' },
      { topic: 'outs', partition: 2, offset: '1' },
    ]);
    const counters = checkpoints.written[0]?.counters.map((r) => [r.source_topic, r.counter, r.reason, r.value]);
    expect(counters).toEqual([
      ['preds', 'accepted', '', 2],
      ['preds', 'dead_lettered', 'EVENT_NOT_JSON', 1],
      ['outs', 'accepted', '', 1],
    ]);
  });

  it('counts a batch of interleaved models, minutes and dead letters exactly as the same records one by one', async () => {
    const records = Array.from({ length: 40 }, (_, i) => {
      // Runs of one model, version and minute, broken by other models, minutes and dead letters.
      const recordTime = T0 + Math.floor(i / 10) * MINUTE + i;
      const event = { ...ok(`r${i}`, T0).event, modelId: `m${Math.floor(i / 3) % 4}`, modelVersion: `v${Math.floor(i / 6) % 2}` };
      const decoded = i % 7 === 0 ? { ok: false as const, error: new VigilError(i % 2 === 0 ? 'EVENT_NOT_JSON' : 'EVENT_EMPTY') } : { ok: true as const, kind: 'prediction' as const, event };
      return { offset: String(i), recordTime, decoded };
    });
    const rowsOf = async (batches: readonly (typeof records)[]) => {
      const { deps, logger, checkpoints } = setUp();
      const worker = await PartitionWorker.load(0, deps, logger);
      for (const batch of batches) worker.apply('preds', batch);
      await worker.checkpoint();
      const rows = checkpoints.written[0]?.counters.map((r) => `${r.minute}|${r.model_id}|${r.model_version}|${r.counter}|${r.reason}=${r.value}`) ?? [];
      return rows.sort();
    };
    const together = await rowsOf([records]);
    expect(together.length).toBeGreaterThan(10);
    expect(together).toEqual(await rowsOf(records.map((r) => [r])));
  });

  it('keeps the closes a failed write left, writes them first and in order next time, and checkpoints only then', async () => {
    const { deps, logger, sunk } = setUp(1);
    const worker = await PartitionWorker.load(0, deps, logger);
    closeAt(worker, 'a', T0, '0');
    closeAt(worker, 'b', T0 + 2 * MINUTE, '1');
    expect(worker.unflushed).toBe(true);
    await expect(worker.flushSink()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(worker.sinkBehind).toBe(true);
    expect(worker.unflushed).toBe(true);
    await expect(worker.checkpoint()).rejects.toThrow(/unwritten windows/);

    closeAt(worker, 'c', T0 + 4 * MINUTE, '2');
    await worker.flushSink();
    expect(sunk.flatMap((c) => c.predictionWindows.map((w) => w.start))).toEqual([T0, T0 + 2 * MINUTE]);
    expect(worker.sinkBehind).toBe(false);
    expect(worker.unflushed).toBe(false);
    expect(worker.settled).toBe(true);
    await worker.checkpoint();
  });

  it('runs one flush after another: a flush started while one writes waits for it and writes only what is left', async () => {
    const { deps, logger, sunk } = setUp();
    const worker = await PartitionWorker.load(0, deps, logger);
    closeAt(worker, 'a', T0, '0');
    closeAt(worker, 'b', T0 + 2 * MINUTE, '1');
    worker.flushInBackground();
    expect(worker.flushRunning).toBe(true);
    expect(worker.unflushed).toBe(false);
    closeAt(worker, 'c', T0 + 4 * MINUTE, '2');
    expect(worker.unflushed).toBe(true);
    await worker.flushSink();
    expect(worker.flushRunning).toBe(false);
    expect(worker.unflushed).toBe(false);
    const written = sunk.flatMap((c) => c.predictionWindows.map((w) => w.start));
    expect(written).toEqual([T0, T0 + 2 * MINUTE]);
  });

  it('queues one flush behind a running one, which writes every window closed until it starts', async () => {
    const { deps, logger, sunk } = setUp();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const writes: number[] = [];
    const sink = new SinkWriter({
      write: async (batch) => {
        writes.push(batch.length);
        if (writes.length === 1) await gate;
        sunk.push(...batch);
      },
    });
    const worker = await PartitionWorker.load(0, { ...deps, sink }, logger);
    closeAt(worker, 'a', T0, '0');
    closeAt(worker, 'b', T0 + 2 * MINUTE, '1');
    worker.flushInBackground();
    closeAt(worker, 'c', T0 + 4 * MINUTE, '2');
    worker.flushInBackground();
    closeAt(worker, 'd', T0 + 6 * MINUTE, '3');
    worker.flushInBackground();
    const queued = worker.flushSink();
    expect(worker.flushSink()).toBe(queued);
    release();
    await queued;
    expect(worker.unflushed || worker.flushRunning).toBe(false);
    expect(writes).toEqual([1, 2]);
    expect(sunk.flatMap((c) => c.predictionWindows.map((w) => w.start))).toEqual([T0, T0 + 2 * MINUTE, T0 + 4 * MINUTE]);
  });

  it('lets the consuming path go on while closed windows are written, and makes it wait once more than 512 wait', async () => {
    const { deps, logger } = setUp();
    const worker = await PartitionWorker.load(0, deps, logger);
    const closeModels = (count: number, t: number, firstOffset: number) => {
      worker.apply('preds', Array.from({ length: count }, (_, i) => ({ offset: String(firstOffset + i), recordTime: T0, decoded: { ...ok(`m${i}-${t}`, t), event: { ...ok(`m${i}-${t}`, t).event, modelId: `m${i}` } } })));
      worker.advance();
    };
    closeModels(300, T0, 0);
    closeModels(300, T0 + 2 * MINUTE, 300);
    expect(worker.sinkBehind).toBe(false);
    closeModels(300, T0 + 4 * MINUTE, 600);
    expect(worker.sinkBehind).toBe(true);
    await worker.flushSink();
    expect(worker.sinkBehind).toBe(false);
  });

  it('restores from its checkpoint with the same offsets, and is fenced when another instance stored a newer one', async () => {
    const { deps, logger, checkpoints } = setUp();
    const first = await PartitionWorker.load(1, deps, logger);
    first.apply('preds', [{ offset: '0', recordTime: T0, decoded: ok('a', T0) }]);
    await first.checkpoint();
    const second = await PartitionWorker.load(1, deps, logger);
    expect(Object.fromEntries(second.nextOffsets)).toEqual({ preds: '1' });
    expect(second.storedSeq).toBe(1);
    second.apply('preds', [{ offset: '1', recordTime: T0, decoded: ok('b', T0) }]);
    await second.checkpoint();
    first.apply('preds', [{ offset: '1', recordTime: T0, decoded: ok('b', T0) }]);
    await expect(first.checkpoint()).rejects.toBeInstanceOf(PartitionFencedError);
    expect(checkpoints.written.map((c) => c.seq)).toEqual([1, 2]);
  });
});
