// Reads the dead-letter topic back with its headers.
import type { Kafka } from 'kafkajs';
import { uniqueName } from '../../stack/stack-env.js';

export interface DeadLetter {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** The first `count` records of `topic` (throws when fewer arrive within `timeoutMs`). */
export async function readDeadLetters(kafka: Kafka, topic: string, count: number, timeoutMs = 60_000): Promise<DeadLetter[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  const letters: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          const first = Array.isArray(value) ? value[0] : value;
          headers[name] = first === undefined ? '' : first.toString();
        }
        letters.push({ key: message.key?.toString('utf8') ?? '', value: message.value ?? Buffer.alloc(0), headers });
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (letters.length < count && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    if (letters.length < count) throw new Error(`${letters.length} of ${count} dead letters arrived within ${timeoutMs} ms`);
  } finally {
    await consumer.disconnect();
  }
  return letters.slice(0, count);
}

/** Records ever written to `topic`: the sum of its partitions' end offsets. */
export async function recordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
