// Throughput of the producer SDK against the local broker, 20-feature events.
// Run: source .vigil/stack/env && npx tsx test/bench/sdk.bench.ts
// Prints one JSON object per metric (test/bench/bench-output.ts). Baselines, same run: for the
// caller-side cost, JSON.stringify alone (CPU time, robust on a shared machine); for throughput,
// a bare kafkajs producer sending the same JSON bytes in the same batch sizes (wall time).
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CompressionTypes, Kafka, Partitioners, logLevel } from 'kafkajs';
import { createAvroEventEncoder, createVigilProducer, type VigilProducerOptions } from '../../services/sdk/index.js';
import { samplePrediction } from '../../services/sdk/testing/sample-events.js';
import { bestNsPerOp, emit } from './bench-output.js';

const EVENTS = Number(process.env.VIGIL_BENCH_SDK_EVENTS ?? 20_000);
const BATCH = 1_000;
const brokersVariable = process.env.VIGIL_KAFKA_BROKERS;
const registryUrl = process.env.VIGIL_SCHEMA_REGISTRY_URL;
if (brokersVariable === undefined || registryUrl === undefined) {
  console.error('VIGIL_KAFKA_BROKERS and VIGIL_SCHEMA_REGISTRY_URL are required: source .vigil/stack/env first');
  process.exit(2);
}
const brokers = brokersVariable.split(',');
const kafka = new Kafka({ clientId: 'sdk-bench', brokers, logLevel: logLevel.NOTHING });
const runId = `bench-${Date.now().toString(36)}`;
const events = Array.from({ length: EVENTS }, (_, i) => samplePrediction(i, { models: 8, features: 20, runId }));

// The load average tells a reader whether the machine was shared while wall times were taken.
const load = (): string => `load1m=${(loadavg()[0] ?? 0).toFixed(1)}`;

async function topicPair(label: string): Promise<{ predictions: string; outcomes: string }> {
  const admin = kafka.admin();
  await admin.connect();
  const predictions = `${runId}-${label}-predictions`;
  const outcomes = `${runId}-${label}-outcomes`;
  await admin.createTopics({ waitForLeaders: true, topics: [predictions, outcomes].map((topic) => ({ topic, numPartitions: 4 })) });
  await admin.disconnect();
  return { predictions, outcomes };
}

async function benchSdk(label: string, options: Partial<VigilProducerOptions>): Promise<void> {
  const topics = await topicPair(label);
  const producer = createVigilProducer({
    brokers,
    topics,
    buffer: { maxEvents: EVENTS, maxBytes: 512 * 1024 * 1024 },
    batch: { maxEvents: BATCH, lingerMs: 5 },
    ...options,
  });
  // Warm up: connection, metadata and (for Avro) schema registration are not throughput.
  producer.sendPrediction(samplePrediction(0, { runId: `${runId}-warm` }));
  await producer.flush(30_000);
  const started = performance.now();
  // The loop is synchronous, so its CPU time is the caller-side cost alone (validate, size, enqueue).
  const acceptNs = bestNsPerOp(EVENTS, 1, () => {
    for (const event of events) producer.sendPrediction(event);
  });
  const { stats } = await producer.close(120_000);
  const finished = performance.now();
  if (stats.sent !== EVENTS + 1) throw new Error(`${label}: sent ${stats.sent} of ${EVENTS + 1}: ${JSON.stringify(stats)}`);
  emit({ metric: `sdk.${label}.accept_cpu`, value: acceptNs, unit: 'ns/event', baseline: 'JSON.stringify of the same event (same run)', baseline_value: stringifyNs });
  emit({
    metric: `sdk.${label}.throughput`,
    value: EVENTS / ((finished - started) / 1_000),
    unit: `events/s (accepted to acked, acks=all, 20 features, ${load()})`,
    baseline: 'bare kafkajs, JSON, gzip, same batches (same run)',
    baseline_value: baselineEventsPerSecond,
  });
}

async function benchBaseline(): Promise<number> {
  const topics = await topicPair('baseline');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < EVENTS; i += BATCH) {
    const messages = events.slice(i, i + BATCH).map((e) => ({ key: e.modelId, value: Buffer.from(JSON.stringify(e)) }));
    await producer.send({ topic: topics.predictions, acks: -1, compression: CompressionTypes.GZIP, messages });
  }
  const finished = performance.now();
  await producer.disconnect();
  return EVENTS / ((finished - started) / 1_000);
}

/** The least any JSON producer pays per event on the caller's side: serialising it. */
const stringifyNs = bestNsPerOp(EVENTS, 3, () => {
  for (const event of events) Buffer.from(JSON.stringify(event));
});
const baselineEventsPerSecond = await benchBaseline();
await benchSdk('json_gzip', { encoding: 'json', compression: 'gzip' });
await benchSdk('json_none', { encoding: 'json', compression: 'none' });
await benchSdk('avro_gzip', { encoding: 'avro', compression: 'gzip', encoder: createAvroEventEncoder({ registry: { url: registryUrl } }) });
await benchSdk('avro_none', { encoding: 'avro', compression: 'none', encoder: createAvroEventEncoder({ registry: { url: registryUrl } }) });
