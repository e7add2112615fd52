import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireStackEnv, uniqueName } from './stack-env.js';

const kafka = new Kafka({
  clientId: 'stack-smoke',
  brokers: requireStackEnv('VIGIL_KAFKA_BROKERS').split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const topic = uniqueName('stack-smoke');

interface Consumed {
  values: string[];
  /** partition -> the offset committed after its last record */
  committed: Map<number, string>;
}

/** Runs the consumer until `count` values arrived, committing each offset by hand. */
async function consume(consumer: Consumer, count: number): Promise<Consumed> {
  const values: string[] = [];
  const committed = new Map<number, string>();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          values.push(message.value?.toString() ?? '');
          const next = (BigInt(message.offset) + 1n).toString();
          await consumer.commitOffsets([{ topic, partition, offset: next }]);
          committed.set(partition, next);
          if (values.length >= count) resolve();
        },
      })
      .catch(reject);
  });
  return { values, committed };
}

describe('the local Kafka broker', () => {
  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('delivers produced and committed-transaction records to a consumer group and stores its offsets', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const transactional = kafka.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await transactional.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'plain-1' }, { key: 'b', value: 'plain-2' }] });
    const committed = await transactional.transaction();
    await committed.send({ topic, messages: [{ key: 'a', value: 'committed' }] });
    await committed.commit();
    const aborted = await transactional.transaction();
    await aborted.send({ topic, messages: [{ key: 'a', value: 'aborted' }] });
    await aborted.abort();
    await Promise.all([producer.disconnect(), transactional.disconnect()]);

    const groupId = uniqueName('stack-smoke-group');
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    let consumed: Consumed;
    try {
      consumed = await consume(consumer, 3);
    } finally {
      await consumer.disconnect();
    }
    // The aborted record is invisible: kafkajs reads committed data only by default.
    expect(consumed.values.sort()).toEqual(['committed', 'plain-1', 'plain-2']);

    const [stored] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const storedByPartition = new Map(stored!.partitions.map((p) => [p.partition, p.offset]));
    for (const [partition, offset] of consumed.committed) {
      expect(storedByPartition.get(partition)).toBe(offset);
    }
    await admin.deleteGroups([groupId]);
  });
});
