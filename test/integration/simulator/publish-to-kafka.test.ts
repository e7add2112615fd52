import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { pino } from 'pino';
import { outcomeEventSchema, predictionEventSchema } from '../../../services/contracts/index.js';
import { configSchema } from '../../../services/shared/config-schema.js';
import { FleetGenerator } from '../../../services/simulator/generator/fleet-generator.js';
import { systemClock } from '../../../services/simulator/runner/clock.js';
import { createKafkaPublisher } from '../../../services/simulator/runner/kafka-publisher.js';
import { runSimulation } from '../../../services/simulator/runner/run-simulation.js';
import { T0, generateAll, testFleet, testModel } from '../../../services/simulator/testing/test-fleet.js';
import { consumeRecords, createEventTopics, stackKafka } from '../stack/kafka-test-topics.js';
import { classify } from './simulator-kafka.js';

const { kafka, brokers } = stackKafka('simulator-integration');
let admin: Admin;
let topics: { predictions: string; outcomes: string };
const created: string[] = [];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  topics = await createEventTopics(admin, 'sim');
  created.push(topics.predictions, topics.outcomes);
});

afterAll(async () => {
  if (created.length > 0) await admin.deleteTopics({ topics: created });
  await admin.disconnect();
});

describe('the simulator publishing to Kafka', () => {
  it('delivers every prediction, outcome, duplicate and malformed record, keyed by model id', async () => {
    const models = [
      testModel({
        requestsPerHour: 600,
        scenarios: [
          { id: 'm', type: 'malformed', share: 0.05, start: T0, end: T0 },
          { id: 'd', type: 'duplicates', share: 0.05, meanDelayMs: 60_000, start: T0, end: T0 },
        ],
      }),
      testModel({ modelId: 'fraud-score-0002', requestsPerHour: 300, versions: [...testModel().versions, { version: 'v2.0', role: 'shadow', trafficShare: 1, coefficientNoise: 0.2 }] }),
    ];
    const spec = testFleet(models, 1);
    const expected = generateAll(spec).emissions;
    const expectedOn = (topic: 'predictions' | 'outcomes', kind: 'valid' | 'malformed') =>
      expected.filter((e) => (kind === 'malformed' ? e.kind === 'malformed' && e.topic === topic : e.kind === (topic === 'predictions' ? 'prediction' : 'outcome'))).length;

    const config = configSchema.parse({ kafka: { brokers, topics: { predictions: topics.predictions, outcomes: topics.outcomes } } });
    const publisher = createKafkaPublisher({ kafka: config.kafka, logger: pino({ level: 'warn' }) });
    const summary = await runSimulation({
      emissions: new FleetGenerator(spec),
      publisher,
      clock: systemClock,
      signal: new AbortController().signal,
      simStartTime: T0,
      speedUp: Number.POSITIVE_INFINITY,
      maxRatePerSecond: Number.POSITIVE_INFINITY,
      durationMs: Number.POSITIVE_INFINITY,
    });
    await publisher.close();
    expect(summary.stoppedBy).toBe('end');
    expect(publisher.dropped()).toBe(0);

    const records = await consumeRecords(kafka, [topics.predictions, topics.outcomes], expected.length);
    const count = (topic: string, kind: 'valid' | 'malformed') =>
      records.filter((r) => r.topic === topic && classify(r.value, (json) => (topic === topics.predictions ? predictionEventSchema : outcomeEventSchema).safeParse(json).success) === kind).length;

    expect(records).toHaveLength(expected.length);
    expect(count(topics.predictions, 'valid')).toBe(expectedOn('predictions', 'valid'));
    expect(count(topics.outcomes, 'valid')).toBe(expectedOn('outcomes', 'valid'));
    expect(count(topics.predictions, 'malformed')).toBe(expectedOn('predictions', 'malformed'));
    expect(count(topics.outcomes, 'malformed')).toBe(expectedOn('outcomes', 'malformed'));
    expect(expectedOn('predictions', 'malformed')).toBeGreaterThan(0);

    const eventIds = records.flatMap((r) => {
      try {
        const id: unknown = (JSON.parse(r.value.toString('utf8')) as { eventId?: unknown }).eventId;
        return typeof id === 'string' ? [id] : [];
      } catch {
        return [];
      }
    });
    const duplicates = expected.filter((e) => e.kind !== 'malformed' && e.duplicate).length;
    expect(duplicates).toBeGreaterThan(0);
    expect(eventIds.length - new Set(eventIds).size).toBeGreaterThanOrEqual(duplicates);
    expect(new Set(records.map((r) => r.key))).toEqual(new Set(['credit-risk-0001', 'fraud-score-0002']));
  });
});

