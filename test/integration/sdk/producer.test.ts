import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, validateEvent, type EventKind } from '../../../services/contracts/index.js';
import { AvroEventCodec } from '../../../services/adapters/registry/avro-event-codec.js';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import { createAvroEventEncoder, createVigilProducer, type ProducerStats } from '../../../services/sdk/index.js';
import { sampleOutcome, samplePrediction } from '../../../services/sdk/testing/sample-events.js';
import { requireStackEnv, uniqueName } from '../stack/stack-env.js';
import { consumeRecords, createEventTopics, deleteCreatedTopics, javaCompatiblePartition, stackKafka, type ConsumedRecord } from '../stack/kafka-test-topics.js';

const { kafka, brokers } = stackKafka('sdk-producer-test');
const admin = kafka.admin();
const MODELS = 5;
const N = 300;

function expectedEvents(runId: string): Map<string, { kind: EventKind; event: unknown }> {
  const expected = new Map<string, { kind: EventKind; event: unknown }>();
  for (let i = 0; i < N; i++) {
    const p = validateEvent('prediction', samplePrediction(i, { models: MODELS, runId }));
    const o = validateEvent('outcome', sampleOutcome(i, { models: MODELS, runId }));
    if (!p.ok || !o.ok) throw new Error('sample events must be valid');
    expected.set(p.event.eventId, { kind: 'prediction', event: p.event });
    expected.set(o.event.eventId, { kind: 'outcome', event: o.event });
  }
  return expected;
}

function publishAll(producer: ReturnType<typeof createVigilProducer>, runId: string): void {
  for (let i = 0; i < N; i++) {
    expect(producer.sendPrediction(samplePrediction(i, { models: MODELS, runId }))).toEqual({ accepted: true });
    expect(producer.sendOutcome(sampleOutcome(i, { models: MODELS, runId }))).toEqual({ accepted: true });
  }
}

/** Keys are model ids and a model's predictions and outcomes share one partition number, the Java client's. */
function expectModelPartitioning(records: readonly ConsumedRecord[], topics: { predictions: string; outcomes: string }): void {
  const partitionsByModel = new Map<string, Set<number>>();
  for (const r of records) {
    const set = partitionsByModel.get(r.key) ?? new Set<number>();
    set.add(r.partition);
    partitionsByModel.set(r.key, set);
  }
  expect([...partitionsByModel.keys()].sort()).toEqual(Array.from({ length: MODELS }, (_, m) => `model-${m}`));
  for (const [model, partitions] of partitionsByModel) {
    expect([...partitions]).toEqual([javaCompatiblePartition(topics.predictions, model)]);
  }
}

function expectAllDelivered(stats: ProducerStats, count: number): void {
  expect(stats).toMatchObject({
    sent: count,
    buffered: 0,
    rejected: { invalid: 0, too_large: 0 },
    dropped: { buffer_full: 0, closed: 0 },
    failed: { delivery_timeout: 0, close_deadline: 0 },
  });
}

describe('the SDK producer against the local broker', () => {
  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await deleteCreatedTopics(admin);
    await admin.disconnect();
  });

  it('publishes JSON predictions and outcomes that decode to the events sent, keyed and partitioned by model', async () => {
    const topics = await createEventTopics(admin, 'sdk-json');
    const runId = uniqueName('json');
    const producer = createVigilProducer({ brokers, topics, encoding: 'json', batch: { maxEvents: 64, lingerMs: 20 } });
    publishAll(producer, runId);
    const closed = await producer.close(30_000);
    expect(closed.drained).toBe(true);
    expectAllDelivered(closed.stats, 2 * N);

    const records = await consumeRecords(kafka, [topics.predictions, topics.outcomes], 2 * N);
    const expected = expectedEvents(runId);
    for (const r of records) {
      const kind: EventKind = r.topic === topics.predictions ? 'prediction' : 'outcome';
      const decoded = decodeEvent(kind, r.value);
      if (!decoded.ok) throw decoded.error;
      expect(decoded.event).toEqual(expected.get(decoded.event.eventId)?.event);
      expect(r.key).toBe(decoded.event.modelId);
    }
    expect(new Set(records.map((r) => r.value.toString())).size).toBe(2 * N);
    expectModelPartitioning(records, topics);
  });

  it('publishes Avro in the Confluent wire format that the consumer-side codec decodes to the events sent', async () => {
    const topics = await createEventTopics(admin, 'sdk-avro');
    const runId = uniqueName('avro');
    const registry = { url: requireStackEnv('VIGIL_SCHEMA_REGISTRY_URL') };
    const producer = createVigilProducer({
      brokers,
      topics,
      encoding: 'avro',
      encoder: createAvroEventEncoder({ registry }),
      batch: { maxEvents: 100, lingerMs: 20 },
    });
    publishAll(producer, runId);
    const closed = await producer.close(30_000);
    expectAllDelivered(closed.stats, 2 * N);

    const records = await consumeRecords(kafka, [topics.predictions, topics.outcomes], 2 * N);
    const codec = await AvroEventCodec.start({
      registry: createSchemaRegistryClient(registry),
      topics: { prediction: topics.predictions, outcome: topics.outcomes },
      mode: 'lookup',
    });
    const expected = expectedEvents(runId);
    const seen = new Set<string>();
    for (const r of records) {
      expect(r.value[0]).toBe(0); // Confluent magic byte
      const decoded = await codec.decode(r.topic === topics.predictions ? 'prediction' : 'outcome', r.value);
      if (!decoded.ok) throw decoded.error;
      expect(decoded.event).toEqual(expected.get(decoded.event.eventId)?.event);
      seen.add(decoded.event.eventId);
    }
    expect(seen.size).toBe(2 * N);
    expectModelPartitioning(records, topics);
  });

  it('drains events still lingering when it is closed', async () => {
    const topics = await createEventTopics(admin, 'sdk-close');
    const runId = uniqueName('close');
    const producer = createVigilProducer({ brokers, topics, batch: { lingerMs: 600_000 } });
    for (let i = 0; i < 40; i++) producer.sendPrediction(samplePrediction(i, { runId }));
    expect(producer.stats().buffered).toBe(40);
    const closed = await producer.close(30_000);
    expect(closed.drained).toBe(true);
    expectAllDelivered(closed.stats, 40);
    const records = await consumeRecords(kafka, [topics.predictions], 40);
    expect(records).toHaveLength(40);
  });

  it('keeps accepting up to its bound and counts drops when the broker is unreachable, without blocking the caller', async () => {
    const closedPort = await freePort();
    const producer = createVigilProducer({
      brokers: [`127.0.0.1:${closedPort}`],
      topics: { predictions: 'unreachable-predictions', outcomes: 'unreachable-outcomes' },
      buffer: { maxEvents: 20 },
      batch: { maxEvents: 10, lingerMs: 0 },
      connectionTimeoutMs: 200,
      retryBackoff: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    // sendPrediction is synchronous: a result comes back on the caller's stack, never a promise to wait on.
    const results = Array.from({ length: 50 }, (_, i) => producer.sendPrediction(samplePrediction(i)));
    expect(results.filter((r) => r.accepted)).toHaveLength(20);
    expect(results.slice(20)).toEqual(Array(30).fill({ accepted: false, reason: 'buffer_full' }));

    const closed = await producer.close(1_500);
    expect(closed.drained).toBe(false);
    expect(closed.stats).toMatchObject({ sent: 0, buffered: 0, dropped: { buffer_full: 30 } });
    expect(closed.stats.failed.close_deadline + closed.stats.failed.delivery_timeout).toBe(20);
    expect(closed.stats.retries).toBeGreaterThan(0);
  });
});

/** A port nothing listens on: bound once by us, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
