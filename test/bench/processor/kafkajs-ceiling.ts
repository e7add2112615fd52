// The ceiling: how fast plain kafkajs hands over the same records (both topics, one consumer,
// eachBatch, no decoding), timed from joining the group to the last record, as the processor is.
// With `work`, each batch's values are handed to it first (decode and fold alone, decode-and-fold-rate.ts).
import type { Kafka } from 'kafkajs';

export type BatchWork = (topic: string, partition: number, values: readonly (Buffer | null)[]) => Promise<void>;

export async function kafkajsConsumeRate(kafka: Kafka, topics: readonly string[], records: number, maxBytes: number, work?: BatchWork): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-ceiling-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`, maxBytes, maxWaitTimeInMs: 100 });
  let joinedAt = 0;
  let seen = 0;
  await consumer.connect();
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joinedAt = performance.now();
  });
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const elapsed = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`kafkajs read ${seen} of ${records} records in 120 s`));
      }, 120_000);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            if (work !== undefined) await work(batch.topic, batch.partition, batch.messages.map((m) => m.value));
            seen += batch.messages.length;
            if (seen >= records) {
              clearTimeout(timer);
              resolve(performance.now() - joinedAt);
            }
          },
        })
        .catch(reject);
    });
    return (records * 1000) / elapsed;
  } finally {
    await consumer.disconnect();
  }
}
