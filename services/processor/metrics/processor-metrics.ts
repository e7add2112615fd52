import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const DELAY_MS_BUCKETS = [0, 100, 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000];
const BYTES_BUCKETS = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/**
 * Every Prometheus metric of the processor, on a registry of its own (so several runtimes can
 * live in one process, as tests and services/all do). Names are documented in the README.
 */
export class ProcessorMetrics {
  readonly registry = new Registry();
  readonly consumerLag = new Gauge({ name: 'vigil_processor_consumer_lag', help: 'Records behind the high-water mark, per input topic-partition', labelNames: ['topic', 'partition'], registers: [this.registry] });
  readonly events = new Counter({ name: 'vigil_processor_events_total', help: 'Input records by topic and outcome (accepted, dead_lettered)', labelNames: ['topic', 'outcome'], registers: [this.registry] });
  readonly deadLetters = new Counter({ name: 'vigil_processor_dead_letters_total', help: 'Records sent to the dead-letter topic, by error code', labelNames: ['reason'], registers: [this.registry] });
  readonly lateEvents = new Counter({ name: 'vigil_processor_late_events_total', help: 'Events that arrived after their window closed (kind prediction or label)', labelNames: ['kind'], registers: [this.registry] });
  readonly windowCloseDelay = new Histogram({ name: 'vigil_processor_window_close_delay_ms', help: 'Event time from window end + grace (or label horizon) to the watermark that closed it', labelNames: ['kind'], buckets: DELAY_MS_BUCKETS, registers: [this.registry] });
  readonly windowSinkAck = new Histogram({ name: 'vigil_processor_window_sink_ack_seconds', help: 'Wall time from a window closing to the sink acknowledging it (retries included)', buckets: SECONDS_BUCKETS, registers: [this.registry] });
  readonly storeWrite = new Histogram({ name: 'vigil_processor_clickhouse_write_seconds', help: 'Duration of one successful ClickHouse write (sink batch or checkpoint)', labelNames: ['operation'], buckets: SECONDS_BUCKETS, registers: [this.registry] });
  readonly storeWriteFailures = new Counter({ name: 'vigil_processor_clickhouse_write_failures_total', help: 'Failed ClickHouse writes (each is retried)', labelNames: ['operation'], registers: [this.registry] });
  readonly checkpointBytes = new Histogram({ name: 'vigil_processor_checkpoint_bytes', help: 'Size of a serialized partition state', buckets: BYTES_BUCKETS, registers: [this.registry] });
  readonly checkpointDuration = new Histogram({ name: 'vigil_processor_checkpoint_seconds', help: 'Serializing and storing one partition checkpoint', buckets: SECONDS_BUCKETS, registers: [this.registry] });
  readonly checkpoints = new Counter({ name: 'vigil_processor_checkpoints_total', help: 'Checkpoints stored', registers: [this.registry] });
  readonly openWindows = new Gauge({ name: 'vigil_processor_open_windows', help: 'Open windows per partition and kind', labelNames: ['partition', 'kind'], registers: [this.registry] });
  readonly pendingJoin = new Gauge({ name: 'vigil_processor_pending_join', help: 'Predictions, outcomes and requests waiting in the join and pairing, per partition', labelNames: ['partition', 'side'], registers: [this.registry] });
  readonly watermark = new Gauge({ name: 'vigil_processor_watermark_ms', help: 'Event-time watermark per partition (epoch ms)', labelNames: ['partition'], registers: [this.registry] });
  readonly bufferedBytes = new Gauge({ name: 'vigil_processor_buffered_bytes', help: 'Fetched record bytes not yet processed', registers: [this.registry] });
  readonly pausedPartitions = new Gauge({ name: 'vigil_processor_paused_partitions', help: 'Partitions paused while their sink or the registry is retried', registers: [this.registry] });
  readonly assignedPartitions = new Gauge({ name: 'vigil_processor_assigned_partitions', help: 'Partition numbers this instance owns', registers: [this.registry] });
  readonly consumerRestarts = new Counter({ name: 'vigil_processor_consumer_restarts_total', help: 'Attempts to rejoin the group after a consumer crash (e.g. a broker down longer than the retries)', registers: [this.registry] });
  readonly rebalances = new Counter({ name: 'vigil_processor_rebalances_total', help: 'Group assignments received', registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'vigil_processor_' });
  }

  /** Forgets the per-partition series of a partition this instance no longer owns. */
  forgetPartition(partition: number, topics: readonly string[]): void {
    const p = String(partition);
    for (const kind of ['prediction', 'label', 'comparison']) this.openWindows.remove({ partition: p, kind });
    for (const side of ['predictions', 'outcomes', 'requests']) this.pendingJoin.remove({ partition: p, side });
    this.watermark.remove({ partition: p });
    for (const topic of topics) this.consumerLag.remove({ topic, partition: p });
  }
}
