import type { EventInputOf } from '../contracts/index.js';
import { LIMITS } from '../contracts/index.js';
import { VigilError } from '../shared/errors.js';
import { decideFlush } from './batch-policy.js';
import { BoundedBuffer } from './bounded-buffer.js';
import type { BufferedEvent } from './buffered-event.js';
import { validateForPublishing, type PublishedEvent, type PublishedKind } from './event-validation.js';
import { messageKey } from './key-strategy.js';
import { StatsCounters, type DropReason, type ProducerStats } from './producer-stats.js';
import { DeliveryProgress } from './delivery-progress.js';
import { DropReporter } from './drop-reporter.js';
import { RetryingBatchSend, type RetryingBatchSendDeps } from './retrying-batch-send.js';

/** What `send*` tells the caller; it never throws for a valid event. */
export type SendResult = { readonly accepted: true } | { readonly accepted: false; readonly reason: DropReason };

export interface DrainResult {
  /** True when every event accepted before the call was sent or given up before the deadline. */
  readonly drained: boolean;
  readonly stats: ProducerStats;
}

/** What the engine needs: everything the batch sender needs, which reports retries to the engine itself. */
export type EngineDeps = Omit<RetryingBatchSendDeps, 'onRetry'>;

const ACCEPTED: SendResult = Object.freeze({ accepted: true });

/**
 * Accepts events into a bounded buffer on the caller's stack (validate, size, enqueue:
 * no I/O, no await) and drains it in the background with one batch in flight at a time,
 * which keeps per-partition order and lets the idempotent producer do its job.
 */
export class ProducerEngine {
  private readonly buffer: BoundedBuffer<BufferedEvent>;
  private readonly counters = new StatsCounters();
  private readonly dropReporter: DropReporter;
  private readonly progress = new DeliveryProgress();
  private readonly maxEventBytes: number;
  private acceptedSeq = 0;
  private forcedUntilSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private closing = false;
  private abandoned = false;
  private readonly batchSend: RetryingBatchSend;

  constructor(private readonly deps: EngineDeps) {
    const { buffer } = deps.settings;
    this.buffer = new BoundedBuffer(buffer);
    this.maxEventBytes = Math.min(LIMITS.maxEventBytes, buffer.maxBytes);
    this.dropReporter = new DropReporter(deps.logger, deps.settings.dropWarningIntervalMs);
    this.batchSend = new RetryingBatchSend({
      ...deps,
      onRetry: () => {
        this.counters.retries += 1;
      },
    });
  }

  send<K extends PublishedKind>(kind: K, input: EventInputOf<K>): SendResult {
    if (this.closing) return this.drop('closed');
    let event: PublishedEvent;
    try {
      event = validateForPublishing(kind, input);
    } catch (error) {
      this.counters.rejected.invalid += 1;
      throw error;
    }
    const payload = this.deps.encoder.encodeNow?.(kind, event);
    // Avro is encoded later; its JSON length is a safe over-estimate for the memory bound.
    const bytes = payload?.length ?? Buffer.byteLength(JSON.stringify(event));
    if (bytes > this.maxEventBytes) {
      this.counters.rejected.too_large += 1;
      throw new VigilError('EVENT_TOO_LARGE', `${kind} event of ${bytes} bytes, more than ${this.maxEventBytes}`, { kind, bytes });
    }
    const { topics, keyBy } = this.deps.settings;
    const entry: BufferedEvent = {
      seq: this.acceptedSeq + 1,
      topic: kind === 'prediction' ? topics.predictions : topics.outcomes,
      kind,
      key: messageKey(event, keyBy),
      event,
      payload,
      acceptedAt: this.deps.now(),
    };
    if (this.buffer.offer(entry, bytes) !== 'accepted') return this.drop('buffer_full');
    this.acceptedSeq = entry.seq;
    this.wake();
    return ACCEPTED;
  }

  stats(): ProducerStats {
    return this.counters.snapshot(this.buffer.size, this.buffer.sizeBytes);
  }

  /** Sends everything accepted so far without waiting for the linger time. */
  async flush(timeoutMs: number): Promise<DrainResult> {
    const target = this.acceptedSeq;
    this.forcedUntilSeq = Math.max(this.forcedUntilSeq, target);
    this.wake();
    const drained = await this.progress.waitFor(target, timeoutMs);
    return { drained, stats: this.stats() };
  }

  /** Refuses new events, drains until the deadline, gives up the rest (counted) and disconnects. */
  async close(timeoutMs: number): Promise<DrainResult> {
    this.closing = true;
    const drained = await this.flush(timeoutMs);
    if (!drained.drained) this.abandonRemaining();
    clearTimeout(this.timer);
    try {
      await this.deps.sender.disconnect();
    } catch (cause) {
      this.deps.logger.warn({ err: cause }, 'disconnecting the producer failed');
    }
    return { drained: drained.drained, stats: this.stats() };
  }

  private drop(reason: DropReason): SendResult {
    this.counters.dropped[reason] += 1;
    this.dropReporter.report(reason, this.deps.now(), { dropped: this.counters.dropped[reason], buffered: this.buffer.size });
    return { accepted: false, reason };
  }

  private hasAbandoned(): boolean {
    return this.abandoned;
  }

  private isForced(): boolean {
    return this.progress.settled < this.forcedUntilSeq;
  }

  /** Schedules the drain loop; never runs it on the caller's stack. */
  private wake(): void {
    if (this.running || this.abandoned) return;
    const decision = decideFlush(this.bufferState(), this.deps.settings.batch, this.deps.now(), this.isForced());
    const delay = decision.sendNow ? 0 : decision.waitMs;
    if (!Number.isFinite(delay)) return;
    if (this.timer !== undefined && !decision.sendNow) return; // an earlier linger timer is already set
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drainLoop();
    }, delay);
  }

  private bufferState() {
    return { events: this.buffer.size, bytes: this.buffer.sizeBytes, oldestAcceptedAt: this.buffer.first()?.acceptedAt };
  }

  private async drainLoop(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.abandoned) return;
        this.expireOld();
        const decision = decideFlush(this.bufferState(), this.deps.settings.batch, this.deps.now(), this.isForced());
        if (!decision.sendNow) break;
        const { maxEvents, maxBytes } = this.deps.settings.batch;
        const batch = this.buffer.peek(maxEvents, maxBytes);
        const delivered = await this.batchSend.send(batch);
        // close() may have given up this batch while it was in flight.
        if (this.hasAbandoned()) return;
        if (delivered) {
          this.counters.sent += batch.length;
          this.counters.batchesSent += 1;
        } else {
          this.counters.failed.delivery_timeout += batch.length;
        }
        this.complete(batch.length);
      }
    } catch (cause) {
      // Unreachable by design (the batch send catches); logged so a bug is never silent.
      this.deps.logger.error({ err: cause }, 'vigil producer drain loop stopped unexpectedly');
    } finally {
      this.running = false;
    }
    this.wake();
  }

  /** Events older than the delivery timeout fail without another attempt, as in the Java client. */
  private expireOld(): void {
    const limit = this.deps.now() - this.deps.settings.deliveryTimeoutMs;
    let expired = 0;
    for (let head = this.buffer.first(); head !== undefined && head.acceptedAt <= limit; head = this.buffer.first()) {
      this.complete(1);
      expired += 1;
    }
    if (expired > 0) {
      this.counters.failed.delivery_timeout += expired;
      this.deps.logger.error({ expired, deliveryTimeoutMs: this.deps.settings.deliveryTimeoutMs }, 'vigil producer gave up events after the delivery timeout');
    }
  }

  private complete(count: number): void {
    const last = this.buffer.removeHead(count).at(-1);
    if (last !== undefined) this.progress.settle(last.seq);
  }

  /** At the close deadline: whatever is still buffered (or in flight) is counted as failed. */
  private abandonRemaining(): void {
    this.abandoned = true;
    this.batchSend.abandon();
    const remaining = this.buffer.size;
    this.counters.failed.close_deadline += remaining;
    this.buffer.removeHead(remaining);
    this.progress.settle(this.acceptedSeq); // given up counts as settled: a later flush() returns at once
    if (remaining > 0) this.deps.logger.error({ events: remaining }, 'vigil producer closed with events not delivered before the deadline');
  }
}
