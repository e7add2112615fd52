// Helpers for the simulator's integration tests: unique topics on the local broker and a
// consumer that reads them back from the beginning.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { requireStackEnv, uniqueName } from '../stack/stack-env.js';

export const PARTITIONS = 3;

export function stackKafka(clientId: string): { kafka: Kafka; brokers: string[] } {
  const brokers = requireStackEnv('VIGIL_KAFKA_BROKERS').split(',');
  return { kafka: new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING }), brokers };
}

export async function createTopics(admin: Admin, prefix: string): Promise<{ predictions: string; outcomes: string }> {
  const predictions = uniqueName(`${prefix}-predictions`);
  const outcomes = uniqueName(`${prefix}-outcomes`);
  await admin.createTopics({ topics: [predictions, outcomes].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
  const deadline = Date.now() + 30_000;
  // A KRaft broker may answer UNKNOWN_TOPIC_OR_PARTITION while a new topic propagates.
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [predictions, outcomes] });
      if (topics.every((t) => t.partitions.length === PARTITIONS && t.partitions.every((p) => p.leader >= 0))) return { predictions, outcomes };
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`topics ${predictions}, ${outcomes} have no leaders after 30 s`);
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

/** Reads the topics from the beginning until `count` records arrived; throws after the timeout. */
export async function consumeRecords(kafka: Kafka, topics: readonly string[], count: number, timeoutMs = 60_000): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('simulator-test') });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`consumed ${records.length} of ${count} records within ${timeoutMs} ms`));
      }, timeoutMs);
      consumer
        .run({
          eachBatch: ({ batch }) => {
            for (const message of batch.messages) {
              records.push({ topic: batch.topic, key: message.key?.toString('utf8') ?? '', value: message.value ?? Buffer.alloc(0) });
            }
            if (records.length >= count) {
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
  return records;
}

/** What a consumer can tell about a record: a valid event of its topic's kind, or not. */
export function classify(value: Buffer, parse: (json: unknown) => boolean): 'valid' | 'malformed' {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    return parse(JSON.parse(text)) ? 'valid' : 'malformed';
  } catch {
    return 'malformed';
  }
}
