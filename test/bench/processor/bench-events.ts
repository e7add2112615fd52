// Benchmark traffic: 20-feature events from the simulator's `fleet` preset, in the recent past
// (nothing is rejected as future), encoded once (JSON or Avro in the Confluent wire format)
// and written to fresh topics with a plain kafkajs producer before anything is measured.
import { Partitioners, type Kafka } from 'kafkajs';
import { createAvroEventEncoder } from '../../../services/sdk/avro-event-encoder.js';
import type { SimEmission } from '../../../services/simulator/generator/emission.js';
import { FleetGenerator } from '../../../services/simulator/generator/fleet-generator.js';
import { buildPresetFleet } from '../../../services/simulator/spec/presets.js';

export const WINDOW_MS = 60_000;

/**
 * How the processor windows the bench traffic. `stress`: 1-minute windows, 10 s grace, so 30
 * minutes of traffic close 30 windows per model (every close merges its rolling spans).
 * `default`: the product defaults (hourly windows, 5 min grace, 24 h label horizon) over 24 hours
 * of traffic: with 100k records that is ~100 predictions per model and window, so window closes
 * still take most of the time (profiled: about two thirds of the processor's CPU time goes to the
 * sink's statistics and inserts). `dense`: the same settings over 2 hours, ~12× more events per
 * window: closer to production, where a model sees thousands of predictions an hour, and nearer
 * the per-event path's own rate.
 */
export interface Windowing {
  readonly name: 'stress' | 'default' | 'dense';
  /** For the metric's unit text. */
  readonly described: string;
  readonly sizeMs: number;
  readonly graceMs: number;
  readonly labelHorizonMs: number;
  /** Event time the traffic spans, in minutes. */
  readonly spanMinutes: number;
}

export const STRESS_WINDOWING: Windowing = { name: 'stress', described: '1-minute windows, 30 closes per model', sizeMs: WINDOW_MS, graceMs: 10_000, labelHorizonMs: 300_000, spanMinutes: 30 };
export const DEFAULT_WINDOWING: Windowing = { name: 'default', described: 'hourly windows (product defaults), 24 h of traffic', sizeMs: 3_600_000, graceMs: 300_000, labelHorizonMs: 86_400_000, spanMinutes: 24 * 60 };
export const DENSE_WINDOWING: Windowing = { name: 'dense', described: 'hourly windows (product defaults), 2 h of traffic', sizeMs: 3_600_000, graceMs: 300_000, labelHorizonMs: 86_400_000, spanMinutes: 2 * 60 };
export const PARTITIONS = 4;
const HOUR = 3_600_000;

export type Valid = Extract<SimEmission, { kind: 'prediction' | 'outcome' }>;

/** `target` valid predictions and outcomes of `models` 20-feature models, spread over `minutes` of event time ending `endsMinutesAgo` before now. */
export function fleetEvents(models: number, target: number, minutes: number, endsMinutesAgo = 30): Valid[] {
  const end = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - endsMinutesAgo * WINDOW_MS;
  const start = end - minutes * WINDOW_MS;
  const spec = buildPresetFleet({
    preset: 'fleet',
    models,
    seed: 5,
    runId: `bench${Date.now().toString(36)}`,
    startTime: start,
    endTime: end,
    scenarioHorizonMs: end - start,
    eventsPerHour: (target * HOUR) / (end - start),
  });
  // Outcomes scheduled after the arrivals end may lie in the future: the processor would
  // dead-letter them (EVENT_TIME_OUT_OF_RANGE), so they are left out like malformed records.
  const latest = Date.now() - WINDOW_MS;
  const out: Valid[] = [];
  for (const emission of new FleetGenerator(spec)) {
    if (emission.kind !== 'malformed' && emission.eventTime <= latest) out.push(emission);
    if (out.length === target || emission.publishTime > latest) break;
  }
  return out;
}

export interface EncodedTopics {
  readonly predictions: string;
  readonly outcomes: string;
  readonly records: number;
  readonly bytes: number;
}

export async function createTopics(kafka: Kafka, prefix: string): Promise<{ predictions: string; outcomes: string }> {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const topics = { predictions: `${prefix}-predictions-${suffix}`, outcomes: `${prefix}-outcomes-${suffix}` };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [topics.predictions, topics.outcomes].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
  } finally {
    await admin.disconnect();
  }
  return topics;
}

/** Encodes every event and writes them keyed by model id (the SDK's default keying and partitioner). */
export async function produceEvents(kafka: Kafka, topics: { predictions: string; outcomes: string }, events: readonly Valid[], encoding: 'json' | 'avro', registryUrl?: string): Promise<EncodedTopics> {
  const avro = encoding === 'avro' ? createAvroEventEncoder({ registry: { url: registryUrl ?? '' } }) : undefined;
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  let bytes = 0;
  try {
    // ≤ 1,000 records per send keeps each partition's record batch under the broker's 1 MiB limit.
    const batch = 1_000;
    for (let from = 0; from < events.length; from += batch) {
      const byTopic = new Map<string, { key: string; value: Buffer }[]>();
      for (const emission of events.slice(from, from + batch)) {
        const topic = emission.kind === 'prediction' ? topics.predictions : topics.outcomes;
        const value = avro === undefined ? Buffer.from(JSON.stringify(emission.event)) : await avro.encode(topic, emission.kind, emission.event);
        bytes += value.length;
        const messages = byTopic.get(topic) ?? [];
        messages.push({ key: emission.modelId, value });
        byTopic.set(topic, messages);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
  } finally {
    await producer.disconnect();
  }
  return { ...topics, records: events.length, bytes };
}
