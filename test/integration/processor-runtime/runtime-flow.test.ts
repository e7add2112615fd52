import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../services/adapters/store/store.js';
import { deleteCreatedTopics } from '../stack/kafka-test-topics.js';
import { uniqueName } from '../stack/stack-env.js';
import { ENGINES, StoreFixture } from '../store/store-engines.js';
import {
  MINUTE,
  baseTime,
  checkpointsReachEnd,
  createTopics,
  endOffsets,
  eventually,
  flushTraffic,
  migratedStore,
  produce,
  readAll,
  stackKafka,
  startTestProcessor,
  testConfig,
  traffic,
} from './runtime-fixture.js';

const { kafka } = stackKafka('processor-runtime-flow');
const admin = kafka.admin();
const fixture = new StoreFixture();

beforeAll(() => admin.connect());
afterAll(async () => {
  await deleteCreatedTopics(admin);
  await admin.disconnect();
  await fixture.cleanUp();
});

async function counterTotals(store: Store): Promise<Record<string, number>> {
  const rows = await store.queryRows<{ counter: string; reason: string; total: string }>(
    'SELECT counter, reason, sum(value) AS total FROM stream_counters FINAL GROUP BY counter, reason ORDER BY counter, reason',
  );
  return Object.fromEntries(rows.map((r) => [r.reason === '' ? r.counter : `${r.counter}:${r.reason}`, Number(r.total)]));
}

describe.each(ENGINES)('the processor runtime on the %s engine', (engine) => {
  it('turns predictions and outcomes into window profiles, statistics, counters and a checkpoint per partition', async () => {
    const topics = await createTopics(admin, `flow-${engine}`);
    const store = await migratedStore(fixture, engine, 'flow');
    const groupId = uniqueName('flow-group');
    const t0 = baseTime();
    const models = ['credit', 'fraud'];
    await produce(kafka, topics, traffic(models, 60, t0));
    await produce(kafka, topics, flushTraffic(models, t0));
    const ends = await endOffsets(admin, topics);

    const processor = await startTestProcessor(testConfig(topics, groupId), store, kafka);
    try {
      await eventually('checkpoints at the end of both topics', async () => ((await checkpointsReachEnd(store, groupId, ends)) ? true : undefined));
    } finally {
      await processor.stop();
    }

    const profiles = await store.queryRows<{ model_id: string; window_kind: string; window_start: string; events: string }>(
      'SELECT model_id, window_kind, window_start, events FROM window_profiles FINAL ORDER BY model_id, window_kind, window_start',
    );
    const minute = (offset: number) => new Date(t0 + offset * MINUTE).toISOString().slice(0, 19).replace('T', ' ');
    const expected = models.flatMap((model) =>
      ['prediction', 'label'].flatMap((kind) => [0, 1].map((m) => ({ model_id: model, window_kind: kind, window_start: minute(m), events: kind === 'prediction' ? '30' : '15' }))),
    );
    expect(profiles).toEqual(expected);
    const volume = await store.queryRows<{ model_id: string; value: number }>(
      "SELECT model_id, value FROM window_statistics FINAL WHERE span = 'window' AND family = 'volume' AND metric = 'predictions' ORDER BY model_id, window_start",
    );
    expect(volume).toEqual(models.flatMap((model) => [{ model_id: model, value: 30 }, { model_id: model, value: 30 }]));
    expect(await counterTotals(store)).toMatchObject({ accepted: 2 * 60 + 2 * 30 + 4 });
    const committed = await admin.fetchOffsets({ groupId, topics: [topics.predictions, topics.outcomes] });
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of partitions) expect(offset === '-1' ? '0' : offset).toBe(ends.get(`${topic}/${partition}`));
    }
  });
});

describe('bad input', () => {
  it('goes to the dead-letter topic with its original key and value, error headers and counters, and nothing stops', async () => {
    const topics = await createTopics(admin, 'dlq');
    const store = await migratedStore(fixture, 'http', 'dlq');
    const groupId = uniqueName('dlq-group');
    const t0 = baseTime();
    const future = traffic(['credit'], 1, Date.now() + 3_600_000, 500).predictions[0];
    const bad = [
      { topic: topics.predictions, key: 'credit', value: Buffer.from('{"not": "a prediction"}') },
      { topic: topics.predictions, key: 'credit', value: Buffer.from('\u0000\u0000\u0000\u0000\u0007avro?') },
      { topic: topics.outcomes, key: 'credit', value: Buffer.from('not json at all') },
      { topic: topics.outcomes, key: 'credit', value: null },
      { topic: topics.predictions, key: 'credit', value: future?.value ?? null },
    ];
    await produce(kafka, topics, traffic(['credit'], 20, t0), bad);
    await produce(kafka, topics, flushTraffic(['credit'], t0));
    const ends = await endOffsets(admin, topics);

    const processor = await startTestProcessor(testConfig(topics, groupId), store, kafka);
    try {
      await eventually('checkpoints at the end of both topics', async () => ((await checkpointsReachEnd(store, groupId, ends)) ? true : undefined));
    } finally {
      await processor.stop();
    }

    const letters = await readAll(kafka, topics.deadLetters, bad.length);
    const header = (m: (typeof letters)[number], name: string) => m.headers?.[name]?.toString();
    const seen = letters.map((m) => ({ key: m.key?.toString(), value: m.value?.toString() ?? null, code: header(m, 'vigil-error-code'), topic: header(m, 'vigil-source-topic') }));
    expect(seen.sort((a, b) => String(a.code).localeCompare(String(b.code)))).toEqual([
      { key: 'credit', value: '\u0000\u0000\u0000\u0000\u0007avro?', code: 'EVENT_AVRO_UNDECODABLE', topic: topics.predictions },
      { key: 'credit', value: null, code: 'EVENT_EMPTY', topic: topics.outcomes },
      { key: 'credit', value: 'not json at all', code: 'EVENT_NOT_JSON', topic: topics.outcomes },
      { key: 'credit', value: '{"not": "a prediction"}', code: 'EVENT_SCHEMA_INVALID', topic: topics.predictions },
      { key: 'credit', value: future?.value.toString(), code: 'EVENT_TIME_OUT_OF_RANGE', topic: topics.predictions },
    ]);
    for (const letter of letters) {
      expect(Number(header(letter, 'vigil-source-partition'))).toBeGreaterThanOrEqual(0);
      expect(header(letter, 'vigil-source-offset')).toMatch(/^\d+$/);
      expect(Number.isNaN(Date.parse(header(letter, 'vigil-failed-at') ?? ''))).toBe(false);
      expect(header(letter, 'vigil-error-message')?.length).toBeGreaterThan(0);
    }
    expect(await counterTotals(store)).toMatchObject({
      accepted: 20 + 10 + 2,
      'dead_lettered:EVENT_AVRO_UNDECODABLE': 1,
      'dead_lettered:EVENT_EMPTY': 1,
      'dead_lettered:EVENT_NOT_JSON': 1,
      'dead_lettered:EVENT_SCHEMA_INVALID': 1,
      'dead_lettered:EVENT_TIME_OUT_OF_RANGE': 1,
    });
    const metrics = await processor.metrics.registry.getSingleMetricAsString('vigil_processor_dead_letters_total');
    expect(metrics).toContain('reason="EVENT_NOT_JSON"} 1');
  });
});
