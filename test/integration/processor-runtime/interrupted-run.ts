// An interrupted run (stop, crash or rebalance in the middle) against an uninterrupted one over
// the same topics: both must end with the same rows.
import { afterAll, beforeAll, expect } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import type { Store } from '../../../services/adapters/store/store.js';
import { deleteCreatedTopics } from '../stack/kafka-test-topics.js';
import { uniqueName } from '../stack/stack-env.js';
import { StoreFixture, type Engine } from '../store/store-engines.js';
import { baseTime, checkpointsReachEnd, createTopics, endOffsets, eventually, flushTraffic, migratedStore, produce, stackKafka, startTestProcessor, testConfig, traffic, type Topics } from './runtime-fixture.js';

export const MODELS = ['credit', 'fraud', 'churn'];

/** What the API would serve, minus wall-clock columns and the automatic reference's timing. */
async function comparableRows(store: Store): Promise<unknown> {
  const predictionProfiles = await store.queryRows(
    "SELECT model_id, window_start, source_partition, events, profile FROM window_profiles FINAL WHERE window_kind = 'prediction' ORDER BY model_id, window_start",
  );
  const labelProfiles = await store.queryRows("SELECT model_id, window_start, events FROM window_profiles FINAL WHERE window_kind = 'label' ORDER BY model_id, window_start");
  const volume = await store.queryRows(
    "SELECT model_id, window_start, metric, value FROM window_statistics FINAL WHERE span = 'window' AND family = 'volume' AND metric IN ('predictions', 'labelled') ORDER BY model_id, window_start, metric",
  );
  const counters = await store.queryRows('SELECT counter, reason, sum(value) AS total FROM stream_counters FINAL GROUP BY counter, reason ORDER BY counter, reason');
  return { predictionProfiles, labelProfiles, volume, counters };
}

export interface RunContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly fixture: StoreFixture;
}

/** A test file's Kafka client, admin and stores, connected before its tests and cleaned up after. */
export function useRunContext(clientId: string): RunContext {
  const { kafka } = stackKafka(clientId);
  const admin = kafka.admin();
  const fixture = new StoreFixture();
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await deleteCreatedTopics(admin);
    await admin.disconnect();
    await fixture.cleanUp();
  });
  return { kafka, admin, fixture };
}

export async function runToEnd(context: RunContext, topics: Topics, store: Store, groupId: string): Promise<void> {
  const ends = await endOffsets(context.admin, topics);
  const processor = await startTestProcessor(testConfig(topics, groupId), store, context.kafka);
  try {
    await eventually('checkpoints at the end of both topics', async () => ((await checkpointsReachEnd(store, groupId, ends)) ? true : undefined));
  } finally {
    await processor.stop();
  }
}

/**
 * Writes the first half of the traffic, lets `interrupt` process it its way (and write the
 * second half), finishes with a fresh runtime in the same group, then compares with a run of
 * another group over everything in a database of its own.
 */
export async function expectSameRowsAsUninterrupted(
  context: RunContext,
  engine: Engine,
  /** Processes the first half its way and writes the second half (traffic(MODELS, 60, t0 + 2 min, 60)). */
  interrupt: (topics: Topics, store: Store, groupId: string, t0: number) => Promise<void>,
): Promise<void> {
  const { kafka, admin, fixture } = context;
  const topics = await createTopics(admin, `interrupted-${engine}`);
  const t0 = baseTime();
  await produce(kafka, topics, traffic(MODELS, 60, t0));
  const store = await migratedStore(fixture, engine, 'interrupted');
  const groupId = uniqueName('interrupted');
  await interrupt(topics, store, groupId, t0);
  await produce(kafka, topics, flushTraffic(MODELS, t0));
  await runToEnd(context, topics, store, groupId);

  const reference = await migratedStore(fixture, engine, 'uninterrupted');
  await runToEnd(context, topics, reference, uniqueName('uninterrupted'));
  const expected = await comparableRows(reference);
  expect((expected as { predictionProfiles: unknown[] }).predictionProfiles).toHaveLength(MODELS.length * 4);
  expect(await comparableRows(store)).toEqual(expected);
}
