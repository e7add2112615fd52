import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { isVigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { BatchSender, OutgoingMessage } from './batch-sender.js';
import { sampleOutcome, samplePrediction } from './testing/sample-events.js';
import { createVigilProducer, type VigilProducerOptions } from './vigil-producer.js';

/** Records batches; fails the next `failuresLeft` sends; `hang` makes sends never settle. */
class RecordingSender implements BatchSender {
  batches: OutgoingMessage[][] = [];
  failuresLeft = 0;
  hang = false;
  disconnected = false;
  attemptsAfterDisconnect = 0;

  send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.disconnected) this.attemptsAfterDisconnect += 1;
    if (this.hang) return new Promise(() => undefined);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return Promise.reject(new Error('broker not available'));
    }
    this.batches.push([...messages]);
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }

  get sent(): OutgoingMessage[] {
    return this.batches.flat();
  }
}

function captureLogs(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** Awaits a promise that needs fake timers to fire (the drain loop is scheduled by setTimeout). */
async function settle<T>(promise: Promise<T>, advanceMs = 1_000): Promise<T> {
  await vi.advanceTimersByTimeAsync(advanceMs);
  return promise;
}

function producerWith(sender: RecordingSender, options: Partial<VigilProducerOptions> = {}) {
  return createVigilProducer({ brokers: [], sender, random: () => 0, batch: { lingerMs: 50, maxEvents: 100 }, ...options });
}

describe('createVigilProducer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_767_225_600_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends accepted events after the linger time, not on the caller stack', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender);
    expect(producer.sendPrediction(samplePrediction(1))).toEqual({ accepted: true });
    expect(producer.sendOutcome(sampleOutcome(1))).toEqual({ accepted: true });
    expect(sender.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(49);
    expect(sender.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sender.sent.map((m) => m.topic)).toEqual(['vigil.predictions', 'vigil.outcomes']);
    expect(producer.stats()).toMatchObject({ sent: 2, buffered: 0, batchesSent: 1 });
  });

  it('keys predictions and outcomes of a model by the model id', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender);
    producer.sendPrediction(samplePrediction(4));
    producer.sendOutcome(sampleOutcome(4));
    await settle(producer.flush(1_000));
    expect(sender.sent.map((m) => m.key)).toEqual(['model-1', 'model-1']);
  });

  it('keys by prediction id when asked to', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender, { keyBy: 'predictionId' });
    producer.sendPrediction(samplePrediction(4));
    producer.sendOutcome(sampleOutcome(4));
    await settle(producer.flush(1_000));
    expect(sender.sent.map((m) => m.key)).toEqual(['run-p-4', 'run-p-4']);
  });

  it('writes the normalised event as JSON with defaults filled in', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender);
    const { attributes: _a, latencyMs: _l, ...minimal } = samplePrediction(2);
    producer.sendPrediction(minimal);
    await settle(producer.flush(1_000));
    const decoded = JSON.parse(sender.sent[0]!.value.toString('utf8'));
    expect(decoded).toMatchObject({ eventId: 'run-pe-2', attributes: {}, latencyMs: null });
  });

  it('sends a full batch without waiting for the linger time', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender, { batch: { maxEvents: 10, lingerMs: 60_000 } });
    for (let i = 0; i < 25; i++) producer.sendPrediction(samplePrediction(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(sender.batches.map((b) => b.length)).toEqual([10, 10]);
    expect(producer.stats().buffered).toBe(5);
  });

  it('rejects an invalid event synchronously with a VigilError and counts it', () => {
    const producer = producerWith(new RecordingSender());
    const bad = { ...samplePrediction(1), modelId: 'has spaces' };
    let caught: unknown;
    try {
      producer.sendPrediction(bad);
    } catch (error) {
      caught = error;
    }
    expect(isVigilError(caught, 'EVENT_SCHEMA_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('modelId');
    expect(producer.stats().rejected.invalid).toBe(1);
    expect(producer.stats().buffered).toBe(0);
  });

  it('drops events when the buffer is full, counts them and warns once per interval', async () => {
    const sender = new RecordingSender();
    sender.hang = true;
    const { logger, lines } = captureLogs();
    const producer = producerWith(sender, { logger, buffer: { maxEvents: 5 }, batch: { maxEvents: 5 }, dropWarningIntervalMs: 10_000 });
    const results = Array.from({ length: 12 }, (_, i) => producer.sendPrediction(samplePrediction(i)));
    expect(results.filter((r) => r.accepted)).toHaveLength(5);
    expect(results.at(-1)).toEqual({ accepted: false, reason: 'buffer_full' });
    expect(producer.stats()).toMatchObject({ buffered: 5, dropped: { buffer_full: 7, closed: 0 } });
    await vi.advanceTimersByTimeAsync(10_000);
    producer.sendPrediction(samplePrediction(99));
    const warnings = lines.filter((l) => l.msg === 'vigil producer dropped events');
    expect(warnings.map((w) => w.droppedSinceLastWarning)).toEqual([1, 7]);
  });

  it('drops events by size when the byte capacity is reached', () => {
    const producer = producerWith(new RecordingSender(), { buffer: { maxBytes: 3_000 }, batch: { maxBytes: 1_000 } });
    const results = Array.from({ length: 10 }, (_, i) => producer.sendPrediction(samplePrediction(i)));
    expect(results.some((r) => !r.accepted)).toBe(true);
    expect(producer.stats().bufferedBytes).toBeLessThanOrEqual(3_000);
  });

  it('rejects an event larger than the buffer can ever hold with EVENT_TOO_LARGE', () => {
    const producer = producerWith(new RecordingSender(), { buffer: { maxBytes: 500 }, batch: { maxBytes: 500 } });
    expect(() => producer.sendPrediction(samplePrediction(1))).toThrow(expect.objectContaining({ code: 'EVENT_TOO_LARGE' }));
    expect(producer.stats().rejected.too_large).toBe(1);
  });

  it('retries a failed batch with backoff and delivers it in order without loss', async () => {
    const sender = new RecordingSender();
    sender.failuresLeft = 3;
    const producer = producerWith(sender, { retryBackoff: { initialDelayMs: 100, maxDelayMs: 1_000 } });
    for (let i = 0; i < 4; i++) producer.sendPrediction(samplePrediction(i));
    await vi.advanceTimersByTimeAsync(50);
    expect(producer.stats()).toMatchObject({ sent: 0, retries: 1, buffered: 4 });
    // Backoff with random() = 0 waits half of 100, 200, 400 ms.
    await vi.advanceTimersByTimeAsync(50 + 100 + 200);
    expect(producer.stats()).toMatchObject({ sent: 4, retries: 3, buffered: 0 });
    expect(sender.sent.map((m) => (JSON.parse(m.value.toString()) as { eventId: string }).eventId)).toEqual(['run-pe-0', 'run-pe-1', 'run-pe-2', 'run-pe-3']);
  });

  it('gives up events after the delivery timeout and counts them as failed', async () => {
    const sender = new RecordingSender();
    sender.failuresLeft = Number.POSITIVE_INFINITY;
    const producer = producerWith(sender, { deliveryTimeoutMs: 2_000, retryBackoff: { initialDelayMs: 100, maxDelayMs: 400 } });
    for (let i = 0; i < 3; i++) producer.sendPrediction(samplePrediction(i));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(producer.stats()).toMatchObject({ sent: 0, buffered: 0, failed: { delivery_timeout: 3, close_deadline: 0 } });
    sender.failuresLeft = 0;
    producer.sendPrediction(samplePrediction(3));
    await settle(producer.flush(1_000));
    expect(producer.stats().sent).toBe(1);
  });

  it('flushes buffered events at once and reports that it drained', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender, { batch: { lingerMs: 60_000, maxEvents: 2 } });
    for (let i = 0; i < 5; i++) producer.sendPrediction(samplePrediction(i));
    const result = await settle(producer.flush(1_000));
    expect(result.drained).toBe(true);
    expect(result.stats).toMatchObject({ sent: 5, buffered: 0 });
  });

  it('closes by draining, disconnecting, and dropping later events as closed', async () => {
    const sender = new RecordingSender();
    const producer = producerWith(sender, { batch: { lingerMs: 60_000 } });
    producer.sendPrediction(samplePrediction(1));
    const result = await settle(producer.close(1_000));
    expect(result).toMatchObject({ drained: true, stats: { sent: 1 } });
    expect(sender.disconnected).toBe(true);
    expect(producer.sendPrediction(samplePrediction(2))).toEqual({ accepted: false, reason: 'closed' });
    expect(producer.stats().dropped.closed).toBe(1);
  });

  it('counts events still undelivered at the close deadline as failed', async () => {
    const sender = new RecordingSender();
    sender.hang = true;
    const producer = producerWith(sender);
    for (let i = 0; i < 3; i++) producer.sendPrediction(samplePrediction(i));
    const closing = producer.close(500);
    await vi.advanceTimersByTimeAsync(500);
    const result = await closing;
    expect(result).toMatchObject({ drained: false, stats: { sent: 0, buffered: 0, failed: { close_deadline: 3 } } });
  });

  it('stops retrying once the close deadline has given the events up', async () => {
    const sender = new RecordingSender();
    sender.failuresLeft = Number.POSITIVE_INFINITY;
    const producer = producerWith(sender, { retryBackoff: { initialDelayMs: 400, maxDelayMs: 400 } });
    producer.sendPrediction(samplePrediction(1));
    const closing = producer.close(300);
    await vi.advanceTimersByTimeAsync(300);
    expect(await closing).toMatchObject({ drained: false, stats: { failed: { close_deadline: 1 } } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sender.attemptsAfterDisconnect).toBe(0);
  });

  it('accounts for every event handed over in exactly one counter', async () => {
    const sender = new RecordingSender();
    sender.failuresLeft = 2;
    const producer = producerWith(sender, { buffer: { maxEvents: 50 }, batch: { maxEvents: 20 } });
    let handed = 0;
    for (let i = 0; i < 200; i++) {
      handed += 1;
      try {
        producer.sendPrediction(i % 17 === 0 ? { ...samplePrediction(i), eventTime: -1 } : samplePrediction(i));
      } catch {
        // counted as rejected
      }
      if (i % 40 === 0) await vi.advanceTimersByTimeAsync(100);
    }
    const closing = producer.close(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    const { stats } = await closing;
    const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(stats.sent + stats.buffered + sum(stats.rejected) + sum(stats.dropped) + sum(stats.failed)).toBe(handed);
    expect(stats.sent).toBe(sender.sent.length);
  });

  it('requires an encoder for Avro', () => {
    expect(() => producerWith(new RecordingSender(), { encoding: 'avro' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
