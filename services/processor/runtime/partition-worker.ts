import { MonitoringTopology, parseModelKey, type MonitoringTopologyOptions, type TopologyOutput } from '../../core/profile/index.js';
import type { LateCount } from '../../core/windows/index.js';
import type { Logger } from '../../shared/logger.js';
import { encodeCheckpointState, decodeCheckpointState, type JoinEvictionsSeen } from '../checkpoint/checkpoint-state.js';
import type { CheckpointRepository, StoredCheckpoint } from '../checkpoint/checkpoint-repository.js';
import { StreamCounters, type StreamCounterName } from '../checkpoint/stream-counters.js';
import type { ProcessorMetrics } from '../metrics/processor-metrics.js';
import type { ClosedWindows } from '../window-sink.js';
import type { DecodedRecord } from './record-decoder.js';
import type { SinkWriter } from './sink-writer.js';
import type { TopologySource } from './topology-options.js';

export interface InputTopics {
  readonly predictions: string;
  readonly outcomes: string;
}

/** Everything a partition worker needs besides its own state; shared by all partitions of a runtime. */
export interface PartitionDeps {
  readonly topics: InputTopics;
  readonly topologyOptions: MonitoringTopologyOptions;
  /** The instance's one writer of closed windows, shared by its partitions. */
  readonly sink: SinkWriter;
  readonly checkpoints: CheckpointRepository;
  readonly metrics: ProcessorMetrics;
  readonly clock: () => number;
  readonly checkpointIntervalMs: number;
  readonly counterRetainMinutes: number;
}

export interface ProcessedRecord {
  readonly offset: string;
  /** Kafka record timestamp, already clamped to the wall clock. */
  readonly recordTime: number;
  readonly decoded: DecodedRecord;
}

/** Another instance stored a newer checkpoint of this partition: our state is stale. */
export class PartitionFencedError extends Error {
  constructor(
    readonly partition: number,
    readonly expectedSeq: number,
    readonly storedSeq: number,
  ) {
    super(`partition ${partition}: stored checkpoint seq ${storedSeq}, ours ${expectedSeq}`);
    this.name = 'PartitionFencedError';
  }
}

interface PendingClose {
  readonly closed: ClosedWindows;
  readonly closedAt: number;
  /** Handed to the sink writer by a flush that has not ended yet. */
  submitted: boolean;
}

/** Closed windows a partition may leave to the sink writer while it goes on consuming. */
const MAX_UNWRITTEN_WINDOWS = 512;
const NO_EVICTIONS: JoinEvictionsSeen = { predictionCapacity: 0, outcomeCapacity: 0, outcomeTtl: 0 };
const next = (offset: string): string => (BigInt(offset) + 1n).toString();

/**
 * The state of one partition number: its MonitoringTopology fed by partition p of both input
 * topics, the next offset of each, cumulative stream counters, and closed windows the sink has
 * not acknowledged yet. The runtime serializes access (one operation at a time per partition).
 */
export class PartitionWorker {
  readonly nextOffsets = new Map<string, string>();
  private readonly pending: PendingClose[] = [];
  /** The last flush started: flushes run one after another, so closes are written in order. */
  private flushing: Promise<void> = Promise.resolve();
  private flushesRunning = 0;
  /** A flush waiting for the running one: it takes every close pending when it starts. */
  private queuedFlush: Promise<void> | undefined;
  private lastFlushFailed = false;
  private changed = false;
  private lastCheckpointAt: number;
  private latestRecordTime = 0;
  private watermarkValue = Number.NEGATIVE_INFINITY;
  private readonly fedSinceAdvance = new Set<string>();
  private readonly lag = new Map<string, number>();
  /**
   * Whether a prediction was ever piped into this state (or it was restored from a checkpoint).
   * Until then the watermark would be the outcomes' alone — labels stamped hours after their
   * predictions — and would close prediction windows before their predictions are read.
   */
  private predictionsSeen = false;

  private constructor(
    readonly partition: number,
    private readonly deps: PartitionDeps,
    readonly logger: Logger,
    private topology: MonitoringTopology,
    private counters: StreamCounters,
    private joinSeen: JoinEvictionsSeen,
    /** Seq of the checkpoint our state continues from (0: none). */
    private checkpointSeq: number,
    /** Seq the next checkpoint gets: above every checkpoint and counter row ever stored for the partition. */
    private nextSeq: number,
  ) {
    this.lastCheckpointAt = deps.clock();
  }

  /** Loads the latest checkpoint (or starts empty) and numbers the next checkpoint above anything stored. */
  static async load(partition: number, deps: PartitionDeps, logger: Logger): Promise<PartitionWorker> {
    const stored = await deps.checkpoints.latest(partition);
    const counterSeq = await deps.checkpoints.highestCounterSeq([deps.topics.predictions, deps.topics.outcomes], partition);
    const nextSeq = Math.max(stored?.seq ?? 0, counterSeq) + 1;
    if (stored === null) {
      logger.info({ nextSeq }, 'no checkpoint: starting empty from the committed offsets');
      return new PartitionWorker(partition, deps, logger, new MonitoringTopology(deps.topologyOptions), new StreamCounters(deps.counterRetainMinutes), NO_EVICTIONS, 0, nextSeq);
    }
    return PartitionWorker.fromCheckpoint(partition, deps, logger, stored, nextSeq);
  }

  private static fromCheckpoint(partition: number, deps: PartitionDeps, logger: Logger, stored: StoredCheckpoint, nextSeq: number): PartitionWorker {
    const state = decodeCheckpointState(stored.state);
    const topology = MonitoringTopology.restore(state.topology, deps.topologyOptions);
    const counters = StreamCounters.fromState(state.counters, deps.counterRetainMinutes);
    const worker = new PartitionWorker(partition, deps, logger, topology, counters, state.joinEvictionsSeen, stored.seq, nextSeq);
    worker.predictionsSeen = true;
    for (const [topic, offset] of Object.entries(stored.offsets)) worker.nextOffsets.set(topic, offset);
    logger.info({ seq: stored.seq, offsets: stored.offsets, stateBytes: stored.state.byteLength }, 'restored checkpoint');
    return worker;
  }

  get storedSeq(): number {
    return this.checkpointSeq;
  }

  get hasPendingWindows(): boolean {
    return this.pending.length > 0;
  }

  /** Nothing applied waits for an advance, and every closed window was written. */
  get settled(): boolean {
    return this.pending.length === 0 && (this.fedSinceAdvance.size === 0 || !this.predictionsSeen);
  }

  /** Folds decoded records (dead letters already acknowledged) into the topology, in log order. */
  apply(topic: string, records: readonly ProcessedRecord[]): void {
    const source = this.sourceOf(topic);
    // Counted per batch: a record mostly repeats the model, version and minute of the one before.
    const tally = new BatchTally();
    for (const { recordTime, decoded } of records) {
      this.latestRecordTime = Math.max(this.latestRecordTime, recordTime);
      if (decoded.ok) {
        if (decoded.kind === 'prediction') {
          this.topology.pipePrediction(source, decoded.event);
          this.predictionsSeen = true;
        }
        else this.topology.pipeOutcome(source, decoded.event);
        tally.add(recordTime, decoded.event.modelId, decoded.kind === 'prediction' ? decoded.event.modelVersion : '', '');
      } else {
        tally.add(recordTime, '', '', decoded.error.code);
      }
    }
    for (const t of tally.entries()) this.count(topic, t.recordTime, t.modelId, t.modelVersion, t.reason === '' ? 'accepted' : 'dead_lettered', t.reason, t.count);
    const last = records[records.length - 1];
    if (last !== undefined) {
      this.nextOffsets.set(topic, next(last.offset));
      this.changed = true;
    }
  }

  /** Records that a batch of `topic` was applied and how far behind its end it still is. */
  noteBatch(topic: string, lag: number): void {
    this.fedSinceAdvance.add(topic);
    this.lag.set(topic, lag);
    this.topology.setSourceBacklog(this.sourceOf(topic), lag > 0);
  }

  private sourceOf(topic: string): TopologySource {
    return topic === this.deps.topics.predictions ? 'predictions' : 'outcomes';
  }

  /**
   * Whether to advance the watermark now. Batches come one topic at a time: advancing after a
   * predictions batch before the outcomes of the same stretch were piped would let the watermark
   * (and join expiry) run ahead of unread outcomes. So an advance waits until both topics were
   * fed since the last one, or the other topic is known to be caught up (kafkajs delivers no
   * batch for an empty topic-partition: the runtime asks the broker, see `noteEndOffsets`).
   */
  advanceDue(): boolean {
    if (this.fedSinceAdvance.size === 0 || !this.predictionsSeen) return false;
    return this.waitingFor().length === 0;
  }

  /** Input topics an advance is waiting for. */
  waitingFor(): string[] {
    if (this.fedSinceAdvance.size === 0) return [];
    const { predictions, outcomes } = this.deps.topics;
    return [predictions, outcomes].filter((topic) => !this.fedSinceAdvance.has(topic) && this.lag.get(topic) !== 0);
  }

  /** The broker's log start and end of a topic-partition we are waiting for: caught up when nothing is left to read. */
  noteEndOffsets(topic: string, low: string, high: string): void {
    const next = this.nextOffsets.get(topic) ?? low;
    const lag = Math.max(0, Number(BigInt(high) - BigInt(next)));
    this.lag.set(topic, lag);
    this.topology.setSourceBacklog(this.sourceOf(topic), lag > 0);
  }

  /** Advances the watermark; whatever became final waits for the sink. */
  advance(): void {
    this.fedSinceAdvance.clear();
    // An end offset read before this advance may predate records published since: ask again.
    this.lag.clear();
    const output = this.topology.advance();
    this.countOutput(output);
    const { metrics } = this.deps;
    const p = String(this.partition);
    const gauges = this.topology.gauges();
    metrics.openWindows.set({ partition: p, kind: 'prediction' }, gauges.openPredictionWindows);
    metrics.openWindows.set({ partition: p, kind: 'label' }, gauges.openLabelWindows);
    metrics.openWindows.set({ partition: p, kind: 'comparison' }, gauges.openComparisonWindows);
    metrics.pendingJoin.set({ partition: p, side: 'predictions' }, gauges.pendingPredictions);
    metrics.pendingJoin.set({ partition: p, side: 'outcomes' }, gauges.pendingOutcomes);
    metrics.pendingJoin.set({ partition: p, side: 'requests' }, gauges.pendingRequests);
    if (Number.isFinite(output.watermark)) metrics.watermark.set({ partition: p }, output.watermark);
    const closed: ClosedWindows = {
      partition: this.partition,
      watermark: output.watermark,
      predictionWindows: output.predictionWindows,
      labelWindows: output.labelWindows,
      comparisonWindows: output.comparisonWindows,
      latePredictions: output.latePredictions,
      lateLabels: output.lateLabels,
    };
    const options = this.deps.topologyOptions;
    for (const w of output.predictionWindows) metrics.windowCloseDelay.observe({ kind: 'prediction' }, Math.max(0, output.watermark - (w.end + options.window.graceMs)));
    for (const w of output.labelWindows) metrics.windowCloseDelay.observe({ kind: 'label' }, Math.max(0, output.watermark - (w.end + options.labelHorizonMs)));
    const anything = [closed.predictionWindows, closed.labelWindows, closed.comparisonWindows, closed.latePredictions, closed.lateLabels].some((list) => list.length > 0);
    if (anything) this.pending.push({ closed, closedAt: this.deps.clock(), submitted: false });
  }

  /** Closed windows wait that no flush has taken (just closed, or left by a failed flush). */
  get unflushed(): boolean {
    return this.pending.some((close) => !close.submitted);
  }

  /**
   * Whether the consuming path must wait for the sink before going on: the last write failed
   * (the store may be down: retry with the partition paused, not with every batch), or more
   * closed windows wait than MAX_UNWRITTEN_WINDOWS (memory stays bounded when closes outpace
   * the store, e.g. while a backlog is replayed).
   */
  get sinkBehind(): boolean {
    return this.lastFlushFailed || this.unwrittenWindows() > MAX_UNWRITTEN_WINDOWS;
  }

  private unwrittenWindows(): number {
    let windows = 0;
    for (const { closed } of this.pending) windows += closed.predictionWindows.length + closed.labelWindows.length + closed.comparisonWindows.length;
    return windows;
  }

  /** A flush is writing (or queued behind one that is). */
  get flushRunning(): boolean {
    return this.flushesRunning > 0;
  }

  /**
   * Writes every pending closed window, in order, after any flush already running; resolves once
   * all of them are acknowledged and throws what the sink throws (the caller retries).
   */
  flushSink(): Promise<void> {
    // One queued flush is enough: it writes whatever is pending once the running one is done.
    if (this.queuedFlush !== undefined) return this.queuedFlush;
    // With no flush running, the closes are handed to the writer right away (before this returns).
    const queued = this.flushesRunning > 0;
    const started = queued
      ? this.flushing.catch(() => undefined).then(() => {
        this.queuedFlush = undefined;
        return this.writePending();
      })
      : this.writePending();
    this.flushesRunning += 1;
    const run = started.finally(() => { this.flushesRunning -= 1; });
    this.flushing = run;
    if (queued) this.queuedFlush = run;
    return run;
  }

  /**
   * Starts a flush, or queues one behind the running flush, and goes on consuming: windows
   * closed while a write runs go out right after it, not at the next timer tick. A failure is
   * logged and the pending windows wait for the next flush.
   */
  flushInBackground(): void {
    if (this.queuedFlush !== undefined) return;
    this.flushSink().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'window sink failed; the closed windows are retried with the partition paused');
    });
  }

  private async writePending(): Promise<void> {
    const { metrics, sink, clock } = this.deps;
    const batch = [...this.pending];
    for (const close of batch) close.submitted = true;
    const acks = batch.map((close) => sink.submit(close.closed));
    // Every ack is awaited below; a rejection after the first failure is not news.
    for (const ack of acks) ack.catch(() => undefined);
    for (const [i, ack] of acks.entries()) {
      try {
        await ack;
      } catch (error) {
        for (const close of this.pending) close.submitted = false;
        this.lastFlushFailed = true;
        metrics.storeWriteFailures.inc({ operation: 'sink' });
        throw error;
      }
      metrics.windowSinkAck.observe((clock() - (batch[i]?.closedAt ?? 0)) / 1000);
      this.pending.shift();
    }
    this.lastFlushFailed = false;
  }

  /**
   * A due checkpoint waits while closed windows are being written (its state no longer holds
   * them), unless it is this late: then the partition waits for the sink instead.
   */
  checkpointOverdue(now: number): boolean {
    return this.checkpointDue(now) && now - this.lastCheckpointAt >= 2 * this.deps.checkpointIntervalMs;
  }

  checkpointDue(now: number): boolean {
    // While an advance waits for the other topic, the windows it would close are not written
    // yet: checkpointing (and committing) then would report input as done before its output is.
    const advancePending = this.predictionsSeen && this.fedSinceAdvance.size > 0;
    return this.changed && !advancePending && now - this.lastCheckpointAt >= this.deps.checkpointIntervalMs;
  }

  get changedSinceCheckpoint(): boolean {
    return this.changed;
  }

  /**
   * Stores counters and state with the next seq, after checking no other instance stored a
   * newer checkpoint meanwhile. Returns the offsets to commit. Pending windows must be flushed.
   */
  async checkpoint(): Promise<{ topic: string; partition: number; offset: string }[]> {
    if (this.pending.length > 0) throw new Error(`partition ${this.partition}: checkpoint with unwritten windows`);
    const { checkpoints, metrics, clock } = this.deps;
    const started = clock();
    const storedSeq = await checkpoints.latestSeq(this.partition);
    if (storedSeq !== this.checkpointSeq) throw new PartitionFencedError(this.partition, this.checkpointSeq, storedSeq);
    const seq = this.nextSeq;
    const state = encodeCheckpointState({ topology: this.topology.snapshot(), counters: this.counters.toState(), joinEvictionsSeen: this.joinSeen });
    const offsets = Object.fromEntries(this.nextOffsets);
    const writeStarted = clock();
    try {
      await checkpoints.write({ partition: this.partition, seq, offsets, watermark: this.watermarkValue, state, counters: this.counters.dirtyRows(seq), writtenAt: clock() });
    } catch (error) {
      metrics.storeWriteFailures.inc({ operation: 'checkpoint' });
      throw error;
    }
    const done = clock();
    metrics.storeWrite.observe({ operation: 'checkpoint' }, (done - writeStarted) / 1000);
    metrics.checkpointDuration.observe((done - started) / 1000);
    metrics.checkpointBytes.observe(state.byteLength);
    metrics.checkpoints.inc();
    this.counters.markWritten();
    this.checkpointSeq = seq;
    this.nextSeq = seq + 1;
    this.changed = false;
    this.lastCheckpointAt = done;
    this.logger.debug({ seq, offsets, stateBytes: state.byteLength }, 'checkpoint stored');
    return [...this.nextOffsets].map(([topic, offset]) => ({ topic, partition: this.partition, offset }));
  }

  private count(topic: string, recordTime: number, modelId: string, modelVersion: string, counter: StreamCounterName, reason: string, n = 1): void {
    this.counters.add({ sourceTopic: topic, sourcePartition: this.partition, recordTime, modelId, modelVersion, counter, reason }, n);
  }

  /** Late, duplicate and evicted counts are reported per advance: they go to the minute of the latest record seen. */
  private countOutput(output: TopologyOutput): void {
    this.watermarkValue = output.watermark;
    const { predictions, outcomes } = this.deps.topics;
    const at = this.latestRecordTime;
    const late = (topic: string, counter: StreamCounterName, counts: readonly LateCount[]): void => {
      for (const { key, count } of counts) {
        const { modelId, modelVersion } = parseModelKey(key);
        this.count(topic, at, modelId, modelVersion, counter, '', count);
        this.deps.metrics.lateEvents.inc({ kind: counter === 'late_prediction' ? 'prediction' : 'label' }, count);
      }
    };
    late(predictions, 'late_prediction', output.latePredictions);
    late(outcomes, 'late_label', output.lateLabels);
    for (const [topic, windows] of [[predictions, output.predictionWindows], [outcomes, output.labelWindows]] as const) {
      for (const w of windows) {
        if (w.duplicates === 0) continue;
        const { modelId, modelVersion } = parseModelKey(w.key);
        this.count(topic, at, modelId, modelVersion, 'duplicate', topic === predictions ? 'prediction' : 'outcome', w.duplicates);
      }
    }
    const seen = this.joinSeen;
    const now = {
      predictionCapacity: output.join.predictionEvictions.capacity,
      outcomeCapacity: output.join.outcomeEvictions.capacity,
      outcomeTtl: output.join.outcomeEvictions.ttl,
    };
    const delta = (key: keyof JoinEvictionsSeen): number => (now[key] >= seen[key] ? now[key] - seen[key] : now[key]);
    this.count(predictions, at, '', '', 'join_evicted', 'prediction_capacity', delta('predictionCapacity'));
    this.count(outcomes, at, '', '', 'join_evicted', 'outcome_capacity', delta('outcomeCapacity'));
    this.count(outcomes, at, '', '', 'join_evicted', 'outcome_ttl', delta('outcomeTtl'));
    if (delta('predictionCapacity') + delta('outcomeCapacity') + delta('outcomeTtl') > 0) this.changed = true;
    this.joinSeen = now;
  }
}

/**
 * Counts of one batch by minute, model, version and dead-letter reason ('' for accepted), so the
 * stream counters are touched once per distinct key rather than once per record.
 */
class BatchTally {
  readonly #counts = new Map<string, { recordTime: number; modelId: string; modelVersion: string; reason: string; count: number }>();
  #last: { minute: number; modelId: string; modelVersion: string; reason: string; entry: { count: number } } | undefined;

  add(recordTime: number, modelId: string, modelVersion: string, reason: string): void {
    const minute = Math.floor(recordTime / 60_000);
    const last = this.#last;
    // Runs of one model in one minute are the common case: no key is built for them.
    if (last !== undefined && last.minute === minute && last.modelId === modelId && last.modelVersion === modelVersion && last.reason === reason) {
      last.entry.count += 1;
      return;
    }
    const id = `${minute}\u0000${modelId}\u0000${modelVersion}\u0000${reason}`;
    let entry = this.#counts.get(id);
    if (entry === undefined) this.#counts.set(id, (entry = { recordTime, modelId, modelVersion, reason, count: 0 }));
    entry.count += 1;
    this.#last = { minute, modelId, modelVersion, reason, entry };
  }

  entries(): Iterable<{ recordTime: number; modelId: string; modelVersion: string; reason: string; count: number }> {
    return this.#counts.values();
  }
}
