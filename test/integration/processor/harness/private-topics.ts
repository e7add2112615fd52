// Co-partitioned input topics on a private broker (kafka-test-topics.ts talks to the shared one).
import type { Admin } from 'kafkajs';
import { uniqueName } from '../../stack/stack-env.js';
import type { Topics } from './fleet-data.js';

export const PRIVATE_PARTITIONS = 4;

export async function createTopicsOn(admin: Admin, prefix: string): Promise<Topics> {
  const topics = { predictions: uniqueName(`${prefix}-predictions`), outcomes: uniqueName(`${prefix}-outcomes`) };
  await admin.createTopics({ topics: [topics.predictions, topics.outcomes].map((topic) => ({ topic, numPartitions: PRIVATE_PARTITIONS })) });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [topics.predictions, topics.outcomes] });
      if (metadata.every((t) => t.partitions.length === PRIVATE_PARTITIONS && t.partitions.every((p) => p.leader >= 0))) return topics;
    } catch {
      // a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION while the topic propagates
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`topics ${topics.predictions}, ${topics.outcomes} have no leaders after 30 s`);
}
