// Shared by the processor runtime integration tests: unique topics, a migrated store on either
// engine, the runtime started in this process, event builders and polling helpers.
import { fileURLToPath } from 'node:url';
import { Partitioners, type Admin, type Kafka, type KafkaMessage } from 'kafkajs';
import type { OutcomeEventInput, PredictionEventInput } from '../../../services/contracts/index.js';
import { encodeOutcome, encodePrediction } from '../../../services/contracts/json-codec.js';
import { loadMigrations } from '../../../services/adapters/store/migration-files.js';
import { runMigrations } from '../../../services/adapters/store/migrator.js';
import type { Store } from '../../../services/adapters/store/store.js';
import { startProcessor, type RunningProcessor } from '../../../services/processor/runtime/start-processor.js';
import { configSchema, type VigilConfig } from '../../../services/shared/config.js';
import { createRootLogger } from '../../../services/shared/logger.js';
import { createEventTopics, PARTITIONS, stackKafka, waitForLeaders } from '../stack/kafka-test-topics.js';
import { uniqueName } from '../stack/stack-env.js';
import { uniqueDatabase, type Engine, type StoreFixture } from '../store/store-engines.js';

export const MINUTE = 60_000;
export const logger = createRootLogger({ level: process.env.VIGIL_TEST_LOG_LEVEL ?? 'silent', service: 'processor-runtime-test' });
const migrations = loadMigrations(fileURLToPath(new URL('../../../sql', import.meta.url)));

export interface Topics {
  readonly predictions: string;
  readonly outcomes: string;
  readonly deadLetters: string;
}

export async function createTopics(admin: Admin, prefix: string): Promise<Topics> {
  const { predictions, outcomes } = await createEventTopics(admin, prefix);
  const deadLetters = uniqueName(`${prefix}-dead-letters`);
  await admin.createTopics({ topics: [{ topic: deadLetters, numPartitions: 1 }], waitForLeaders: false });
  await waitForLeaders(admin, [deadLetters], 1);
  return { predictions, outcomes, deadLetters };
}

export async function migratedStore(fixture: StoreFixture, engine: Engine, purpose: string): Promise<Store> {
  const store = await fixture.open(engine, uniqueDatabase(purpose));
  await runMigrations(store, migrations);
  return store;
}

/** One-minute windows, no grace, labels joined for a minute, checkpoints twice a second. */
export function testConfig(topics: Topics, groupId: string, processor: Record<string, unknown> = {}): Readonly<VigilConfig> {
  const brokers = (process.env.VIGIL_KAFKA_BROKERS ?? '').split(',');
  return configSchema.parse({
    kafka: { brokers, topics: { predictions: topics.predictions, outcomes: topics.outcomes, deadLetters: topics.deadLetters, anomalies: `${topics.predictions}-anomalies` } },
    processor: { groupId, windowSizeMs: MINUTE, graceMs: 0, labelHorizonMs: MINUTE, checkpointIntervalMs: 500, autoReferenceMinPredictions: 10, http: { port: 0 }, ...processor },
  });
}

export function startTestProcessor(config: Readonly<VigilConfig>, store: Store, kafka: Kafka): Promise<RunningProcessor> {
  return startProcessor({ config, store, logger, kafka, http: false, maxWaitTimeMs: 200, shutdownTimeoutMs: 15_000 });
}

export { stackKafka, PARTITIONS };

/** A whole minute ten minutes ago: every event time stays behind the wall clock. */
export function baseTime(): number {
  return Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
}

export function predictionEvent(modelId: string, i: number, eventTime: number): PredictionEventInput {
  const score = ((i * 37) % 100) / 100;
  return {
    eventId: `${modelId}-e${i}`,
    modelId,
    modelVersion: 'v1',
    deploymentRole: 'champion',
    requestId: `${modelId}-r${i}`,
    predictionId: `${modelId}-p${i}`,
    eventTime,
    features: { income: 1_000 + ((i * 13) % 500), region: ['north', 'south', 'east'][i % 3] ?? 'north' },
    prediction: { label: score >= 0.5 ? '1' : '0', probabilities: { '1': score, '0': 1 - score } },
    attributes: { gender: i % 2 === 0 ? 'female' : 'male' },
    latencyMs: 5 + (i % 7),
  };
}

export function outcomeEvent(modelId: string, i: number, eventTime: number): OutcomeEventInput {
  return { eventId: `${modelId}-o${i}`, predictionId: `${modelId}-p${i}`, modelId, eventTime, label: i % 3 === 0 ? '1' : '0' };
}

export interface Traffic {
  readonly predictions: { key: string; value: Buffer }[];
  readonly outcomes: { key: string; value: Buffer }[];
}

function encoded(result: ReturnType<typeof encodePrediction>): Buffer {
  if (!result.ok) throw result.error;
  return Buffer.from(result.bytes);
}

/** `count` predictions per model spread over two minutes from `t0`, and an outcome for every second one. */
export function traffic(models: readonly string[], count: number, t0: number, from = 0): Traffic {
  const predictions: Traffic['predictions'] = [];
  const outcomes: Traffic['outcomes'] = [];
  for (const model of models) {
    for (let i = from; i < from + count; i++) {
      const time = t0 + Math.floor((i * 2 * MINUTE) / count) % (2 * MINUTE);
      predictions.push({ key: model, value: encoded(encodePrediction(predictionEvent(model, i, time))) });
      if (i % 2 === 0) outcomes.push({ key: model, value: encoded(encodeOutcome(outcomeEvent(model, i, time + 1_000))) });
    }
  }
  return { predictions, outcomes };
}

/** Predictions far enough ahead (same models) to move every partition's watermark past the windows and label horizon. */
export function flushTraffic(models: readonly string[], t0: number): Traffic {
  const predictions = models.map((model) => ({ key: model, value: encoded(encodePrediction(predictionEvent(model, 1_000_000, t0 + 6 * MINUTE))) }));
  const outcomes = models.map((model) => ({ key: model, value: encoded(encodeOutcome(outcomeEvent(model, 1_000_001, t0 + 6 * MINUTE))) }));
  return { predictions, outcomes };
}

export async function produce(kafka: Kafka, topics: Topics, batch: Traffic, extra: { topic: string; key: string; value: Buffer | null }[] = []): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        { topic: topics.predictions, messages: batch.predictions },
        { topic: topics.outcomes, messages: batch.outcomes },
        ...extra.map(({ topic, key, value }) => ({ topic, messages: [{ key, value }] })),
      ].filter((t) => t.messages.length > 0),
    });
  } finally {
    await producer.disconnect();
  }
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The end offset of every input topic-partition, as a checkpoint would hold it once everything is processed. */
export async function endOffsets(admin: Admin, topics: Topics): Promise<Map<string, string>> {
  const ends = new Map<string, string>();
  for (const topic of [topics.predictions, topics.outcomes]) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, high);
  }
  return ends;
}

/** True when the stored checkpoints of the group cover every record of both topics. */
export async function checkpointsReachEnd(store: Store, groupId: string, ends: Map<string, string>): Promise<boolean> {
  const rows = await store.queryRows<{ partition: number; offsets: string }>(
    `SELECT partition, argMax(offsets, seq) AS offsets FROM processor_checkpoints WHERE consumer_group = '${groupId}' GROUP BY partition`,
  );
  const stored = new Map<string, string>();
  for (const row of rows) for (const [topic, offset] of Object.entries(JSON.parse(row.offsets) as Record<string, string>)) stored.set(`${topic}/${row.partition}`, offset);
  return [...ends].every(([tp, high]) => high === '0' || stored.get(tp) === high);
}

export async function readAll(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`read ${messages.length} of ${count} from ${topic}`)); }, 30_000);
      consumer
        .run({
          eachMessage: ({ message }) => {
            messages.push(message);
            if (messages.length >= count) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
