import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { isVigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { ProcessorMetrics } from '../metrics/processor-metrics.js';
import { coPartitionAssigner } from './co-partition-assigner.js';
import { DeadLetterPublisher, deadLetterMessage } from './dead-letter.js';
import { fetchLimits } from './fetch-limits.js';
import { PartitionSlot } from './partition-slot.js';
import { PartitionFencedError, PartitionWorker, type PartitionDeps, type ProcessedRecord } from './partition-worker.js';
import type { RecordDecoder } from './record-decoder.js';
import { retryUntilDone } from './retry.js';

export interface ProcessorRuntimeOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly partitionDeps: PartitionDeps;
  readonly decoder: RecordDecoder;
  readonly logger: Logger;
  readonly metrics: ProcessorMetrics;
  readonly maxBufferedBytes: number;
  /** Topic-partitions processed at once (kafkajs partitionsConsumedConcurrently). */
  readonly partitionConcurrency: number;
  readonly brokers: number;
  /** A member silent this long is dropped from the group (heartbeats every tenth of it). */
  readonly sessionTimeoutMs: number;
  /** How long a stop may spend flushing and checkpointing before it gives up (nothing is lost: it is replayed). */
  readonly shutdownTimeoutMs?: number;
  /** kafkajs fetch long-poll; short in tests. */
  readonly maxWaitTimeMs?: number;
}

const isRebalancing = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'type' in e && ['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION'].includes(String(e.type));
const isStoreError = (e: unknown): boolean => isVigilError(e, 'STORE_UNAVAILABLE') || isVigilError(e, 'STORE_QUERY_FAILED');
/** How soon after a batch an advance waiting for the other topic asks for its end offsets. */
const PARTNER_CHECK_DELAY_MS = 100;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const messageBytes = (m: KafkaMessage): number => (m.value?.length ?? 0) + (m.key?.length ?? 0);

/** Kafka record time for counters: a missing, pre-1970 or future timestamp counts as now. */
function recordTime(message: KafkaMessage, now: number): number {
  const t = Number(message.timestamp);
  return Number.isFinite(t) && t >= 60_000 && t <= now ? t : now;
}

/**
 * The consumer side of the processor: a consumer group on both input topics with the
 * co-partitioning assigner, one PartitionWorker per assigned partition number, dead letters,
 * sink retries with the partition paused, checkpoints and commits (commit only after a stored
 * checkpoint). See services/processor/README.md for the guarantees.
 */
export class ProcessorRuntime {
  readonly #options: ProcessorRuntimeOptions;
  readonly #slots = new Map<number, PartitionSlot>();
  readonly #consumer: Consumer;
  readonly #producer: Producer;
  readonly #admin: Admin;
  readonly #deadLetters: DeadLetterPublisher;
  readonly #shutdown = new AbortController();
  readonly #log: Logger;
  #joined = false;
  #rebalancing = false;
  #stopping = false;
  #halted = false;
  #inFlight = 0;
  #bufferedBytes = 0;
  #paused = new Set<number>();
  #timer: NodeJS.Timeout | undefined;
  #timerBusy = false;
  #partnerCheck: NodeJS.Timeout | undefined;
  #crash: ((error: Error) => void) | undefined;
  #restart: Promise<void> | undefined;
  readonly #restartAbort = new AbortController();
  #crashes = 0;
  /** Rejects when a partition's state cannot be loaded (anything else is retried in-process). */
  readonly failed: Promise<never>;

  constructor(options: ProcessorRuntimeOptions) {
    this.#options = options;
    this.#log = options.logger;
    const limits = fetchLimits(options.maxBufferedBytes, options.brokers);
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: [coPartitionAssigner],
      maxBytes: limits.maxBytes,
      maxBytesPerPartition: limits.maxBytesPerPartition,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(300, Math.floor(options.sessionTimeoutMs / 10)),
      allowAutoTopicCreation: false,
      // Every crash is restarted here (#restartConsumer), with one backoff and one metric:
      // kafkajs would restart only some of them and leave the group for good after the others.
      retry: { restartOnFailure: () => Promise.resolve(false) },
    });
    this.#producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.#admin = options.kafka.admin();
    this.#deadLetters = new DeadLetterPublisher(this.#producer, options.deadLetterTopic);
    this.failed = new Promise<never>((_, reject) => {
      this.#crash = reject;
    });
    this.failed.catch(() => undefined);
  }

  /** Joined the group (and not crashed): the half of readiness the runtime knows. */
  get joined(): boolean {
    return this.#joined;
  }

  /** Every assigned partition is loaded and settled: no advance waits, every closed window is written. */
  get settled(): boolean {
    return [...this.#slots.values()].every((slot) => slot.worker?.settled === true);
  }

  get assignedPartitions(): number[] {
    return [...this.#slots.keys()].sort((a, b) => a - b);
  }

  async start(): Promise<void> {
    const { predictions, outcomes } = this.#options.partitionDeps.topics;
    const events = this.#consumer.events;
    this.#consumer.on(events.GROUP_JOIN, ({ payload }) => { this.#onAssignment(payload.memberAssignment); });
    this.#consumer.on(events.REBALANCING, () => {
      this.#rebalancing = true;
      this.#joined = false;
    });
    this.#consumer.on(events.CRASH, ({ payload }) => {
      this.#log.error({ err: payload.error }, 'consumer crashed; rejoining');
      this.#joined = false;
      this.#crashes += 1;
      if (!payload.restart) this.#restartConsumer();
    });
    await this.#producer.connect();
    await this.#admin.connect();
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [predictions, outcomes], fromBeginning: true });
    await this.#runConsumer();
    const interval = Math.max(200, Math.min(1_000, this.#options.partitionDeps.checkpointIntervalMs));
    this.#timer = setInterval(() => void this.#checkpointDue(), interval);
  }

  async #runConsumer(): Promise<void> {
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Slots serialize the two topics of one partition number; different numbers overlap, so
      // one partition's window close (awaiting the store) does not stall the others.
      partitionsConsumedConcurrently: this.#options.partitionConcurrency,
      eachBatch: (payload) => this.#eachBatch(payload),
    });
  }

  /**
   * Reconnects and rejoins with backoff until it works or the runtime stops. The slots keep
   * their workers: on the next assignment #prepare keeps a state no one checkpointed since and
   * seeks to its offsets, as after any rebalance, so nothing is lost or counted twice.
   */
  #restartConsumer(): void {
    if (this.#restart !== undefined || this.#stopping) return;
    this.#restart = this.#rejoin().finally(() => (this.#restart = undefined));
  }

  async #rejoin(): Promise<void> {
    try {
      await retryUntilDone(
        async () => {
          if (this.#stopping) return;
          this.#options.metrics.consumerRestarts.inc();
          const crashes = this.#crashes;
          try {
            await this.#consumer.connect();
            await this.#runConsumer();
          } catch (error) {
            await this.#consumer.disconnect().catch(() => undefined);
            throw error;
          }
          // A failed join does not throw: kafkajs reports it as another crash (and disconnects).
          if (this.#crashedSince(crashes)) throw new Error('the consumer crashed again while rejoining');
          this.#log.info('consumer restarted after a crash');
        },
        {
          retryable: () => !this.#stopping,
          signal: this.#restartAbort.signal,
          initialDelayMs: 1_000,
          maxDelayMs: 30_000,
          keepAliveMs: 250,
          onRetry: (err, attempt, delayMs) => { this.#log.warn({ err, attempt, delayMs }, 'consumer restart failed; retrying'); },
        },
      );
    } catch {
      // Only a stop ends the retries (retryable is false and the signal aborts then).
    }
  }

  /** Ends a restart in progress before a stop disconnects, so it cannot rejoin afterwards. */
  async #endRestart(): Promise<void> {
    this.#restartAbort.abort();
    await this.#restart;
  }

  #crashedSince(crashes: number): boolean {
    return this.#crashes !== crashes;
  }

  /**
   * Leaves the group at once: no flush, no checkpoint, no commit — what a crash leaves behind.
   * Used on fatal errors and by tests of recovery.
   */
  async halt(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#halted = true;
    clearInterval(this.#timer);
    clearTimeout(this.#partnerCheck);
    this.#shutdown.abort();
    await this.#endRestart();
    await this.#consumer.disconnect().catch(() => undefined);
    await this.#producer.disconnect().catch(() => undefined);
    await this.#admin.disconnect().catch(() => undefined);
    this.#slots.clear();
  }

  /** Stop fetching, finish buffered batches, flush and checkpoint every partition, commit, leave. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    clearInterval(this.#timer);
    clearTimeout(this.#partnerCheck);
    await this.#endRestart();
    const deadline = setTimeout(() => { this.#shutdown.abort(); }, this.#options.shutdownTimeoutMs ?? 20_000);
    try {
      const { predictions, outcomes } = this.#options.partitionDeps.topics;
      if (this.#joined) this.#consumer.pause([{ topic: predictions }, { topic: outcomes }]);
      while (this.#inFlight > 0 && !this.#shutdown.signal.aborted) await sleep(20);
      for (const slot of this.#slots.values()) {
        await slot.run(async () => {
          const worker = slot.worker;
          if (worker === undefined) return;
          try {
            await this.#retryStore(() => worker.flushSink(), worker);
            if (worker.changedSinceCheckpoint) await this.#checkpoint(worker, true);
          } catch (error) {
            worker.logger.warn({ err: error }, 'final checkpoint skipped: the partition is replayed from its last checkpoint');
          }
        });
      }
    } finally {
      clearTimeout(deadline);
      await this.#consumer.disconnect();
      await this.#producer.disconnect();
      await this.#admin.disconnect();
      this.#slots.clear();
      this.#options.metrics.assignedPartitions.set(0);
    }
  }

  #onAssignment(assignment: Record<string, number[]>): void {
    const { metrics, partitionDeps } = this.#options;
    const { predictions, outcomes } = partitionDeps.topics;
    const numbers = new Set([...(assignment[predictions] ?? []), ...(assignment[outcomes] ?? [])]);
    for (const [partition, slot] of this.#slots) {
      if (numbers.has(partition)) continue;
      this.#slots.delete(partition);
      void slot.run(() => {
        slot.worker = undefined;
        metrics.forgetPartition(partition, [predictions, outcomes]);
        return Promise.resolve();
      });
    }
    for (const partition of numbers) {
      let slot = this.#slots.get(partition);
      if (slot === undefined) this.#slots.set(partition, (slot = new PartitionSlot(partition)));
      const target = slot;
      slot.ready = slot.run(() => this.#prepare(target)).catch((error: unknown) => {
        this.#log.error({ err: error, partition }, 'cannot load the partition state: stopping');
        this.#crash?.(error instanceof Error ? error : new Error(String(error)));
      });
    }
    metrics.rebalances.inc();
    metrics.assignedPartitions.set(numbers.size);
    this.#rebalancing = false;
    this.#joined = true;
    this.#log.info({ partitions: [...numbers].sort((a, b) => a - b) }, 'partitions assigned');
  }

  /** Keeps our state if no one checkpointed the partition since, else loads the latest checkpoint; then seeks. */
  async #prepare(slot: PartitionSlot): Promise<void> {
    const { partitionDeps, logger } = this.#options;
    const log = logger.child({ partition: slot.partition });
    await retryUntilDone(
      async () => {
        const kept = slot.worker;
        if (kept === undefined || (await partitionDeps.checkpoints.latestSeq(slot.partition)) !== kept.storedSeq) {
          slot.worker = await PartitionWorker.load(slot.partition, partitionDeps, log);
        }
      },
      { retryable: isStoreError, signal: this.#shutdown.signal, maxDelayMs: 5_000, onRetry: (err, attempt) => { log.warn({ err, attempt }, 'store unavailable while loading the partition; retrying'); } },
    );
    // Seeks happen in the partition's first batch: kafkajs may be re-initialising the group right
    // now (a rejoin after UNKNOWN_MEMBER_ID), when seek() throws.
    slot.pendingSeeks = new Map(slot.worker?.nextOffsets ?? []);
  }

  async #eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const slot = this.#slots.get(batch.partition);
    if (slot === undefined) return;
    const bytes = batch.messages.reduce((sum, m) => sum + messageBytes(m), 0);
    this.#inFlight += 1;
    this.#bufferedBytes += bytes;
    this.#options.metrics.bufferedBytes.set(this.#bufferedBytes);
    try {
      await this.#waitReady(slot, payload);
      if (payload.isStale() || slot.worker === undefined || batch.messages.length === 0) return;
      await slot.run(() => this.#processBatch(slot, payload));
      await payload.heartbeat();
    } catch (error) {
      if (isRebalancing(error)) await this.#checkpointBeforeRebalance();
      throw error;
    } finally {
      this.#inFlight -= 1;
      this.#bufferedBytes -= bytes;
      this.#options.metrics.bufferedBytes.set(this.#bufferedBytes);
    }
  }

  async #waitReady(slot: PartitionSlot, payload: EachBatchPayload): Promise<void> {
    const ready = slot.ready.then(() => true);
    while (!(await Promise.race([ready, sleep(2_000).then(() => false)]))) await payload.heartbeat();
  }

  async #processBatch(slot: PartitionSlot, payload: EachBatchPayload): Promise<void> {
    const worker = slot.worker;
    if (worker === undefined || payload.isStale()) return;
    const { batch } = payload;
    const { decoder, partitionDeps, metrics } = this.#options;
    const clock = partitionDeps.clock;
    const kind = batch.topic === partitionDeps.topics.predictions ? 'prediction' : 'outcome';
    const expected = worker.nextOffsets.get(batch.topic);
    const first = batch.messages[0];
    if (slot.pendingSeeks.delete(batch.topic) && expected !== undefined && first !== undefined && first.offset !== expected) {
      // Fetched from the committed offset, which may be behind (or, rarely, ahead of) the state: move to the state's offset.
      this.#consumer.seek({ topic: batch.topic, partition: batch.partition, offset: expected });
      return;
    }
    if (expected !== undefined && first !== undefined && BigInt(first.offset) > BigInt(expected)) {
      worker.logger.warn({ topic: batch.topic, expected, first: first.offset }, 'offsets skipped (retention or compaction): those records are lost to the state');
    }
    const now = clock();
    const records: ProcessedRecord[] = [];
    const deadLetters: Message[] = [];
    // Records below the state's next offset are already in it (a fetch that started behind it).
    const skipBelow = expected !== undefined && first !== undefined && BigInt(first.offset) < BigInt(expected) ? BigInt(expected) : undefined;
    for (const message of batch.messages) {
      if (skipBelow !== undefined && BigInt(message.offset) < skipBelow) continue;
      const decoded =
        decoder.decodeNow(kind, message.value, now) ??
        (await this.#withPause(slot.partition, payload, 'registry', () => decoder.decode(kind, message.value, now), (e) => isVigilError(e, 'REGISTRY_UNAVAILABLE')));
      records.push({ offset: message.offset, recordTime: recordTime(message, now), decoded });
      if (!decoded.ok) {
        const origin = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers };
        deadLetters.push(deadLetterMessage(origin, decoded.error, now));
        metrics.deadLetters.inc({ reason: decoded.error.code });
      }
    }
    await this.#withPause(slot.partition, payload, 'dead letters', () => this.#deadLetters.publish(deadLetters), () => true);
    worker.apply(batch.topic, records);
    metrics.events.inc({ topic: batch.topic, outcome: 'accepted' }, records.length - deadLetters.length);
    if (deadLetters.length > 0) metrics.events.inc({ topic: batch.topic, outcome: 'dead_lettered' }, deadLetters.length);
    const last = batch.messages[batch.messages.length - 1];
    if (last !== undefined) payload.resolveOffset(last.offset);
    const lag = Number(batch.offsetLag());
    metrics.consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, lag);
    worker.noteBatch(batch.topic, lag);
    if (worker.advanceDue()) worker.advance();
    else if (worker.waitingFor().length > 0) this.#checkPartnersSoon();
    // Closed windows are written off the consuming path, by the instance's SinkWriter together
    // with other partitions' closes: one partition waiting here would stall every partition of
    // the broker, since kafkajs fetches again only once all batches of a fetch are done.
    if (worker.sinkBehind) await this.#withPause(slot.partition, payload, 'window sink', () => worker.flushSink(), () => true);
    else if (worker.unflushed) worker.flushInBackground();
    const done = clock();
    if (worker.checkpointDue(done)) {
      // A checkpoint covers only written windows: while some are being written it waits for a
      // later batch or the timer, unless it is overdue.
      if (worker.checkpointOverdue(done)) await this.#withPause(slot.partition, payload, 'window sink', () => worker.flushSink(), () => true);
      if (!worker.hasPendingWindows) await this.#checkpointOrReload(slot);
    }
  }

  /** Retries `operation` with the partition's two topic-partitions paused and the consumer heartbeating. */
  async #withPause<T>(partition: number, payload: EachBatchPayload, what: string, operation: () => Promise<T>, retryable: (e: unknown) => boolean): Promise<T> {
    const { predictions, outcomes } = this.#options.partitionDeps.topics;
    const topics = [{ topic: predictions, partitions: [partition] }, { topic: outcomes, partitions: [partition] }];
    const pause = { active: false };
    try {
      return await retryUntilDone(operation, {
        retryable: (e) => !isRebalancing(e) && retryable(e),
        keepAlive: () => payload.heartbeat(),
        signal: this.#shutdown.signal,
        maxDelayMs: 30_000,
        onRetry: (err, attempt, delayMs) => {
          if (!pause.active) {
            pause.active = true;
            this.#consumer.pause(topics);
            this.#paused.add(partition);
            this.#options.metrics.pausedPartitions.set(this.#paused.size);
          }
          this.#options.logger.warn({ err, attempt, delayMs, partition }, `${what} failed; partition paused, retrying`);
        },
      });
    } finally {
      if (pause.active) {
        this.#consumer.resume(topics);
        this.#paused.delete(partition);
        this.#options.metrics.pausedPartitions.set(this.#paused.size);
      }
    }
  }

  async #checkpoint(worker: PartitionWorker, final = false): Promise<void> {
    if (this.#halted) return;
    const offsets = await worker.checkpoint();
    try {
      await this.#consumer.commitOffsets(offsets);
    } catch (error) {
      // The checkpoint holds these offsets: a restart seeks to them whatever the group committed.
      worker.logger.warn({ err: error, final }, 'offset commit failed after a stored checkpoint');
    }
  }

  async #checkpointOrReload(slot: PartitionSlot): Promise<void> {
    const worker = slot.worker;
    if (worker === undefined) return;
    try {
      await this.#checkpoint(worker);
    } catch (error) {
      if (error instanceof PartitionFencedError) {
        worker.logger.warn({ err: error }, 'another instance checkpointed this partition: reloading');
        slot.worker = undefined;
        await this.#prepare(slot);
        return;
      }
      if (!isStoreError(error)) throw error;
      worker.logger.warn({ err: error }, 'checkpoint failed; retried at the next interval (offsets stay uncommitted)');
    }
  }

  async #retryStore(operation: () => Promise<void>, worker: PartitionWorker): Promise<void> {
    await retryUntilDone(operation, {
      retryable: () => true,
      signal: this.#shutdown.signal,
      maxDelayMs: 5_000,
      onRetry: (err, attempt) => { worker.logger.warn({ err, attempt }, 'window sink failed; retrying'); },
    });
  }

  /** Timer: deferred advances, and checkpoints of partitions that had input but no batch since the interval passed. */
  async #checkpointDue(): Promise<void> {
    if (this.#timerBusy || this.#rebalancing || this.#stopping) return;
    this.#timerBusy = true;
    try {
      await this.#checkWaitingPartners();
      const now = this.#options.partitionDeps.clock();
      for (const slot of this.#slots.values()) {
        const due = slot.worker !== undefined && (slot.worker.checkpointDue(now) || slot.worker.advanceDue() || slot.worker.unflushed);
        if (!due) continue;
        await slot.run(async () => {
          const worker = slot.worker;
          if (worker === undefined || this.#rebalancing || this.#stopping) return;
          try {
            if (worker.advanceDue()) worker.advance();
            if (worker.unflushed) worker.flushInBackground();
            if (worker.checkpointOverdue(now)) await worker.flushSink();
            if (worker.checkpointDue(now) && !worker.hasPendingWindows) await this.#checkpointOrReload(slot);
          } catch (error) {
            worker.logger.warn({ err: error }, 'timed checkpoint failed; retried later');
          }
        });
      }
    } finally {
      this.#timerBusy = false;
    }
  }

  /**
   * An advance waits for the other topic of a partition, which may have nothing left to send:
   * ask the broker soon rather than at the next tick (the window close would wait up to a
   * second). Debounced, so a stream with one idle topic costs at most ten requests a second.
   */
  #checkPartnersSoon(): void {
    if (this.#partnerCheck !== undefined || this.#stopping) return;
    this.#partnerCheck = setTimeout(() => {
      this.#partnerCheck = undefined;
      void this.#checkpointDue();
    }, PARTNER_CHECK_DELAY_MS);
  }

  /** Asks the broker for the end of topic-partitions an advance waits for (an empty one never sends a batch). */
  async #checkWaitingPartners(): Promise<void> {
    const waiting = [...this.#slots.values()].flatMap((slot) => (slot.worker?.waitingFor() ?? []).map((topic) => ({ slot, topic })));
    const topics = [...new Set(waiting.map((w) => w.topic))];
    for (const topic of topics) {
      let offsets: { partition: number; low: string; high: string }[];
      try {
        offsets = await this.#admin.fetchTopicOffsets(topic);
      } catch (error) {
        this.#log.warn({ err: error, topic }, 'cannot read end offsets; advances wait for the next try');
        continue;
      }
      for (const { slot } of waiting.filter((w) => w.topic === topic)) {
        const end = offsets.find((o) => o.partition === slot.partition);
        if (end !== undefined) slot.worker?.noteEndOffsets(topic, end.low, end.high);
      }
    }
  }

  /**
   * The group is rebalancing and this member has not rejoined yet, so no other member can own
   * our partitions: store a checkpoint of each now, so the next owner replays nothing. Best effort.
   */
  async #checkpointBeforeRebalance(): Promise<void> {
    this.#rebalancing = true;
    for (const slot of this.#slots.values()) {
      await slot.run(async () => {
        const worker = slot.worker;
        if (worker === undefined || !worker.changedSinceCheckpoint) return;
        try {
          await worker.flushSink();
          await this.#checkpoint(worker);
        } catch (error) {
          worker.logger.warn({ err: error }, 'no checkpoint before the rebalance: the next owner replays from the last one');
        }
      });
    }
  }
}
