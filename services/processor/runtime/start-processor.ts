import type { Kafka } from 'kafkajs';
import { createKafka } from '../../adapters/kafka/kafka-client.js';
import { createSchemaRegistryClient } from '../../adapters/registry/schema-registry-client.js';
import type { Store } from '../../adapters/store/store.js';
import { StoreReferenceSource } from '../../references/store-reference-source.js';
import type { VigilConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { CheckpointRepository } from '../checkpoint/checkpoint-repository.js';
import { ProcessorMetrics } from '../metrics/processor-metrics.js';
import { startOperationsServer, type OperationsServer } from '../metrics/operations-server.js';
import { RefreshingSettings } from '../settings/index.js';
import { ClickHouseWindowSink } from '../sink/clickhouse-window-sink.js';
import { reconcilePartials } from '../sink/reconcile-partials.js';
import { startReconciler } from './reconciler.js';
import type { WindowSink } from '../window-sink.js';
import { AvroEventReader } from './avro-event-reader.js';
import { ProcessorRuntime } from './processor-runtime.js';
import { RecordDecoder } from './record-decoder.js';
import { SinkWriter } from './sink-writer.js';
import { topologyOptions } from './topology-options.js';

const RECONCILE_INTERVAL_MS = 5 * 60_000;

export interface ProcessorDeps {
  readonly config: Readonly<VigilConfig>;
  /** Migrated store; the caller owns it (closes it after `stop`). */
  readonly store: Store;
  readonly logger: Logger;
  /** Default: a client from config.kafka. */
  readonly kafka?: Kafka;
  /** Wall clock (epoch ms); tests pin it. */
  readonly clock?: () => number;
  /** Serve /metrics, /healthz, /readyz on config.processor.http (default true). */
  readonly http?: boolean;
  /** Default: the ClickHouse window sink over `store`. */
  readonly sink?: WindowSink;
  readonly shutdownTimeoutMs?: number;
  /** kafkajs fetch long-poll (default 1 s). */
  readonly maxWaitTimeMs?: number;
  /** How often statistics merged from fewer partials than stored are recomputed (default 5 minutes). */
  readonly reconcileIntervalMs?: number;
  /** Minutes of record time stream counters stay in the state after being written (default 15). */
  readonly counterRetainMinutes?: number;
}

export interface RunningProcessor {
  readonly runtime: ProcessorRuntime;
  readonly metrics: ProcessorMetrics;
  readonly http: OperationsServer | undefined;
  /** Rejects if a partition's state cannot be loaded (consumer crashes are rejoined in-process). */
  readonly failed: Promise<never>;
  /** Graceful: finish buffered batches, final checkpoint + commit, leave the group. Does not close the store. */
  stop(): Promise<void>;
  /** Leave at once without flushing, checkpointing or committing (crash semantics). */
  halt(): Promise<void>;
}

/** Composes the processor from its parts and starts consuming. Shared by processor/main.ts and all/main.ts. */
export async function startProcessor(deps: ProcessorDeps): Promise<RunningProcessor> {
  const { config, store } = deps;
  const logger = deps.logger.child({ component: 'processor' });
  const clock = deps.clock ?? Date.now;
  const processor = config.processor;
  if (config.encoding === 'avro' && config.schemaRegistry === undefined) {
    throw new VigilError('CONFIG_INVALID', 'encoding is avro but no schema registry is configured (VIGIL_SCHEMA_REGISTRY_URL)');
  }
  const metrics = new ProcessorMetrics();
  const settings = new RefreshingSettings(store, logger.child({ component: 'settings' }));
  await settings.refresh();
  settings.start(processor.settingsRefreshMs);
  const references = new StoreReferenceSource({
    store,
    autoReferenceMinPredictions: processor.autoReferenceMinPredictions,
    refreshIntervalMs: processor.settingsRefreshMs,
    clock,
    logger: logger.child({ component: 'references' }),
  });
  const clickHouseSink =
    deps.sink === undefined
      ? new ClickHouseWindowSink({
          store,
          references,
          settings: () => settings.current,
          logger: logger.child({ component: 'sink' }),
          now: clock,
          partialCacheBytes: processor.partialCacheBytes,
          onWriteLatency: (table, seconds) => { metrics.storeWrite.observe({ operation: table }, seconds); },
        })
      : undefined;
  const sink: WindowSink = deps.sink ?? (clickHouseSink as WindowSink);
  // Two partitions closing the same window of a model spread over partitions can each miss the
  // other's partial; this pass recomputes statistics merged from fewer partials than are stored.
  const reconciler =
    clickHouseSink === undefined
      ? undefined
      : startReconciler({
          run: () => reconcilePartials(store, clickHouseSink, clock() - 2 * (processor.windowSizeMs + processor.graceMs + processor.labelHorizonMs), clock()),
          intervalMs: deps.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS,
          logger: logger.child({ component: 'reconcile' }),
        });
  const registry = config.schemaRegistry === undefined ? undefined : createSchemaRegistryClient(config.schemaRegistry, `${config.kafka.clientId}-processor`);
  const { predictions, outcomes, deadLetters } = config.kafka.topics;
  const runtime = new ProcessorRuntime({
    kafka: deps.kafka ?? createKafka(config.kafka, logger, 'processor'),
    groupId: processor.groupId,
    deadLetterTopic: deadLetters,
    decoder: new RecordDecoder({ avro: registry === undefined ? undefined : new AvroEventReader(registry), maxFutureSkewMs: processor.maxFutureSkewMs }),
    logger,
    metrics,
    maxBufferedBytes: processor.maxBufferedBytes,
    partitionConcurrency: processor.partitionConcurrency,
    brokers: config.kafka.brokers.length,
    sessionTimeoutMs: processor.sessionTimeoutMs,
    ...(deps.shutdownTimeoutMs === undefined ? {} : { shutdownTimeoutMs: deps.shutdownTimeoutMs }),
    ...(deps.maxWaitTimeMs === undefined ? {} : { maxWaitTimeMs: deps.maxWaitTimeMs }),
    partitionDeps: {
      topics: { predictions, outcomes },
      topologyOptions: topologyOptions(processor, (modelId) => settings.current.settingsFor(modelId)),
      sink: new SinkWriter(sink, {
        onWrite: (seconds, _closes, failed) => {
          if (!failed) metrics.storeWrite.observe({ operation: 'sink' }, seconds);
        },
      }),
      checkpoints: new CheckpointRepository(store, processor.groupId),
      metrics,
      clock,
      checkpointIntervalMs: processor.checkpointIntervalMs,
      counterRetainMinutes: deps.counterRetainMinutes ?? 15,
    },
  });
  let http: OperationsServer | undefined;
  try {
    await runtime.start();
    if (deps.http !== false) {
      http = await startOperationsServer({
        host: processor.http.host,
        port: processor.http.port,
        registry: metrics.registry,
        notReadyReasons: async () => {
          const reasons = runtime.joined ? [] : ['the consumer has not joined the group'];
          try {
            await store.ping();
          } catch {
            reasons.push('the store is unreachable');
          }
          return reasons;
        },
      });
      logger.info({ address: http.address }, 'operations endpoint listening');
    }
  } catch (error) {
    settings.stop();
    reconciler?.stop();
    await runtime.stop().catch(() => undefined);
    throw error;
  }
  return {
    runtime,
    metrics,
    http,
    failed: runtime.failed,
    async halt() {
      settings.stop();
      reconciler?.stop();
      await runtime.halt();
      await http?.close();
    },
    async stop() {
      settings.stop();
      reconciler?.stop();
      try {
        await runtime.stop();
      } finally {
        await http?.close();
      }
    },
  };
}
