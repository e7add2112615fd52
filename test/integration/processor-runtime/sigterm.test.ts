import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteCreatedTopics } from '../stack/kafka-test-topics.js';
import { requireStackEnv, uniqueName } from '../stack/stack-env.js';
import { StoreFixture } from '../store/store-engines.js';
import { baseTime, checkpointsReachEnd, createTopics, endOffsets, eventually, flushTraffic, migratedStore, produce, stackKafka, traffic } from './runtime-fixture.js';

const root = join(import.meta.dirname, '..', '..', '..');
const { kafka } = stackKafka('processor-runtime-sigterm');
const admin = kafka.admin();
const fixture = new StoreFixture();

beforeAll(() => admin.connect());
afterAll(async () => {
  await deleteCreatedTopics(admin);
  await admin.disconnect();
  await fixture.cleanUp();
});

describe('the processor process', () => {
  it('on SIGTERM finishes its batches, stores a final checkpoint, commits and exits 0', async () => {
    const topics = await createTopics(admin, 'sigterm');
    const store = await migratedStore(fixture, 'http', 'sigterm');
    const groupId = uniqueName('sigterm-group');
    const t0 = baseTime();
    const models = ['credit', 'fraud'];
    await produce(kafka, topics, traffic(models, 40, t0));
    await produce(kafka, topics, flushTraffic(models, t0));
    const ends = await endOffsets(admin, topics);

    const child = spawn(process.execPath, ['--import', 'tsx', 'services/processor/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        VIGIL_LOG_LEVEL: 'info',
        VIGIL_KAFKA_BROKERS: requireStackEnv('VIGIL_KAFKA_BROKERS'),
        VIGIL_KAFKA_TOPIC_PARTITIONS: '4',
        VIGIL_TOPIC_PREDICTIONS: topics.predictions,
        VIGIL_TOPIC_OUTCOMES: topics.outcomes,
        VIGIL_TOPIC_DEAD_LETTERS: topics.deadLetters,
        VIGIL_TOPIC_ANOMALIES: uniqueName('sigterm-anomalies'),
        VIGIL_CLICKHOUSE_MODE: 'http',
        VIGIL_CLICKHOUSE_URL: requireStackEnv('VIGIL_TEST_CLICKHOUSE_URL'),
        VIGIL_CLICKHOUSE_DATABASE: store.database,
        VIGIL_PROCESSOR_GROUP_ID: groupId,
        VIGIL_PROCESSOR_WINDOW_SIZE_MS: '60000',
        VIGIL_PROCESSOR_GRACE_MS: '0',
        VIGIL_PROCESSOR_LABEL_HORIZON_MS: '60000',
        // No periodic checkpoint during the test: only the one taken on SIGTERM can cover the input.
        VIGIL_PROCESSOR_CHECKPOINT_INTERVAL_MS: '600000',
        VIGIL_PROCESSOR_HTTP_PORT: '0',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); }));
    try {
      const port = await eventually('the operations endpoint', () => Promise.resolve(/"address":\{"host":"[^"]+","port":(\d+)\}/.exec(output)?.[1]));
      await eventually('readiness', async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      await eventually('every window written', async () => {
        const [row] = await store.queryRows<{ n: string }>('SELECT count() AS n FROM window_profiles FINAL');
        return Number(row?.n) === models.length * 4 ? true : undefined;
      });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain(`vigil_processor_events_total{topic="${topics.predictions}",outcome="accepted"}`);
      expect(metrics).toContain('vigil_processor_window_sink_ack_seconds_count');
      expect(await checkpointsReachEnd(store, groupId, ends)).toBe(false);

      child.kill('SIGTERM');
      expect(await exited, output.slice(-3_000)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    expect(await checkpointsReachEnd(store, groupId, ends)).toBe(true);
    const committed = await admin.fetchOffsets({ groupId, topics: [topics.predictions, topics.outcomes] });
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of partitions) expect(offset === '-1' ? '0' : offset).toBe(ends.get(`${topic}/${partition}`));
    }
    expect(output).toContain('"msg":"stopped"');
  });
});
