// One processor instance in this process on the embedded store, timed from joining the group
// until every record is folded in and every window it closed is written (runtime.settled); the
// time to the last record folded alone is reported too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka } from '../../../services/adapters/kafka/kafka-client.js';
import { ensureTopics } from '../../../services/adapters/kafka/ensure-topics.js';
import { openStore } from '../../../services/adapters/store/clickhouse-store.js';
import { loadMigrations } from '../../../services/adapters/store/migration-files.js';
import { runMigrations } from '../../../services/adapters/store/migrator.js';
import type { Store } from '../../../services/adapters/store/store.js';
import { startProcessor, type RunningProcessor } from '../../../services/processor/runtime/start-processor.js';
import { loadConfig, type VigilConfig } from '../../../services/shared/config.js';
import { createRootLogger } from '../../../services/shared/logger.js';
import { STRESS_WINDOWING, type Windowing } from './bench-events.js';

const SQL_DIR = resolve(import.meta.dirname, '../../../sql');

export interface PhaseOptions {
  readonly brokers: string;
  readonly registryUrl: string | undefined;
  readonly encoding: 'json' | 'avro';
  readonly topics: { readonly predictions: string; readonly outcomes: string };
  readonly records: number;
  /** Default: STRESS_WINDOWING (1-minute windows). */
  readonly windowing?: Windowing;
}

export interface ProcessorPhase {
  readonly config: Readonly<VigilConfig>;
  readonly store: Store;
  readonly running: RunningProcessor;
  /** Input records per second from joining the group to every closed window written. */
  readonly eventsPerSecond: number;
  /** Input records per second from joining the group to the last one folded into the windows (writes may lag). */
  readonly foldedPerSecond: number;
  readonly probe: { folded(): Promise<number>; settled(): boolean };
  close(): Promise<void>;
}

export function benchConfig(options: Omit<PhaseOptions, 'records'>, chdbPath: string): Readonly<VigilConfig> {
  const id = `bench-${options.encoding}-${Date.now().toString(36)}`;
  const windowing = options.windowing ?? STRESS_WINDOWING;
  return loadConfig({
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_KAFKA_BROKERS: options.brokers,
    VIGIL_TOPIC_PREDICTIONS: options.topics.predictions,
    VIGIL_TOPIC_OUTCOMES: options.topics.outcomes,
    VIGIL_TOPIC_DEAD_LETTERS: `${options.topics.predictions}-dlq`,
    VIGIL_TOPIC_ANOMALIES: `${options.topics.predictions}-anomalies`,
    VIGIL_ENCODING: options.encoding,
    ...(options.registryUrl === undefined ? {} : { VIGIL_SCHEMA_REGISTRY_URL: options.registryUrl }),
    VIGIL_CLICKHOUSE_MODE: 'embedded',
    VIGIL_CLICKHOUSE_PATH: chdbPath,
    VIGIL_PROCESSOR_GROUP_ID: id,
    VIGIL_PROCESSOR_WINDOW_SIZE_MS: String(windowing.sizeMs),
    VIGIL_PROCESSOR_GRACE_MS: String(windowing.graceMs),
    VIGIL_PROCESSOR_LABEL_HORIZON_MS: String(windowing.labelHorizonMs),
    // The close-latency probe closes the window the watermark is in, which may end an hour ahead.
    VIGIL_PROCESSOR_MAX_FUTURE_SKEW_MS: String(2 * 3_600_000),
    VIGIL_PROCESSOR_HTTP_PORT: '0',
  });
}

async function processed(running: RunningProcessor): Promise<number> {
  return (await running.metrics.events.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Polls `check` until it holds; returns the time it did (performance.now()). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 5): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return performance.now();
}

export async function runProcessorPhase(options: PhaseOptions): Promise<ProcessorPhase> {
  const chdbPath = mkdtempSync(join(tmpdir(), 'vigil-bench-chdb-'));
  const config = benchConfig(options, chdbPath);
  const store = await openStore(config.clickhouse, createRootLogger({ level: 'silent', service: 'bench' }));
  await runMigrations(store, loadMigrations(SQL_DIR));
  const logger = createRootLogger({ level: 'warn', service: 'processor-bench' });
  // As processor/main.ts does: the dead-letter and anomaly topics must exist.
  await ensureTopics(createKafka(config.kafka, logger, 'bench-topics'), config.kafka, logger);
  const running = await startProcessor({ config, store, logger, http: false, maxWaitTimeMs: 100 });
  const joined = await until('the group join', () => running.runtime.joined, 120_000);
  const folded = await until('every record processed', async () => (await processed(running)) >= options.records, 300_000, 20);
  // Folding a record is not the end of its work: the windows it falls in still have to close
  // and be written. The clock stops when every closed window is in the store.
  const done = await until('every closed window written', () => running.runtime.settled, 600_000, 20);
  const deadLetters = (await running.metrics.deadLetters.get()).values.filter((v) => v.value > 0);
  if (deadLetters.length > 0) process.stderr.write(`dead letters during the ${options.encoding} phase: ${JSON.stringify(deadLetters.map((v) => [v.labels.reason, v.value]))}\n`);
  return {
    config,
    store,
    running,
    eventsPerSecond: (options.records * 1000) / (done - joined),
    foldedPerSecond: (options.records * 1000) / (folded - joined),
    probe: { folded: () => processed(running), settled: () => running.runtime.settled },
    async close() {
      await running.stop();
      await store.close();
      rmSync(chdbPath, { recursive: true, force: true });
    },
  };
}
