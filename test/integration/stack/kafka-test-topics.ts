// Shared by integration tests that need the local broker: unique co-partitioned topics,
// a consumer that reads them back, and the Java-compatible partition of a key.
import { Kafka, Partitioners, logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import { requireStackEnv, uniqueName } from './stack-env.js';

export const PARTITIONS = 4;

export function stackKafka(clientId: string): { kafka: Kafka; brokers: string[] } {
  const brokers = requireStackEnv('VIGIL_KAFKA_BROKERS').split(',');
  return { kafka: new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING }), brokers };
}

/** Topics this test process created, deleted by deleteCreatedTopics in afterAll. */
const createdTopics: string[] = [];

/** Two co-partitioned topics with unique names, as ensureTopics creates them in production. */
export async function createEventTopics(admin: Admin, prefix: string): Promise<{ predictions: string; outcomes: string }> {
  const predictions = uniqueName(`${prefix}-predictions`);
  const outcomes = uniqueName(`${prefix}-outcomes`);
  createdTopics.push(predictions, outcomes);
  // kafkajs' own leader wait (on by default) throws UNKNOWN_TOPIC_OR_PARTITION while the topic propagates.
  await admin.createTopics({ topics: [predictions, outcomes].map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: false });
  await waitForLeaders(admin, [predictions, outcomes], PARTITIONS);
  return { predictions, outcomes };
}

/**
 * Polls metadata until every partition has a leader. kafkajs' own `waitForLeaders` gives up on
 * UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker answers while the new topic propagates.
 */
export async function waitForLeaders(admin: Admin, topics: string[], partitions: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms: ${String(lastError)}`);
}

export async function deleteCreatedTopics(admin: Admin): Promise<void> {
  if (createdTopics.length > 0) await admin.deleteTopics({ topics: createdTopics.splice(0) });
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly value: Buffer;
}

/** Reads both topics from the beginning until `count` records arrived (or throws after `timeoutMs`). */
export async function consumeRecords(kafka: Kafka, topics: readonly string[], count: number, timeoutMs = 60_000): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('test-consumer') });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`consumed ${records.length} of ${count} records within ${timeoutMs} ms`));
      }, timeoutMs);
      const take = (topic: string, partition: number, message: KafkaMessage): void => {
        records.push({ topic, partition, key: message.key?.toString('utf8') ?? '', value: message.value ?? Buffer.alloc(0) });
        if (records.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      };
      consumer
        .run({
          eachMessage: ({ topic, partition, message }) => {
            take(topic, partition, message);
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The partition the Java client's murmur2 partitioner (and kafkajs' default) picks for `key`. */
export function javaCompatiblePartition(topic: string, key: string, partitions = PARTITIONS): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
