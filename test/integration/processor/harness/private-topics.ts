// Co-partitioned input topics on a private broker (kafka-test-topics.ts talks to the shared one).
import type { Admin } from 'kafkajs';
import { waitForLeaders } from '../../stack/kafka-test-topics.js';
import { uniqueName } from '../../stack/stack-env.js';
import type { Topics } from './fleet-data.js';

export const PRIVATE_PARTITIONS = 4;

export async function createTopicsOn(admin: Admin, prefix: string): Promise<Topics> {
  const topics = { predictions: uniqueName(`${prefix}-predictions`), outcomes: uniqueName(`${prefix}-outcomes`) };
  // kafkajs' own leader wait (on by default) throws UNKNOWN_TOPIC_OR_PARTITION while the topic propagates.
  await admin.createTopics({ topics: [topics.predictions, topics.outcomes].map((topic) => ({ topic, numPartitions: PRIVATE_PARTITIONS })), waitForLeaders: false });
  await waitForLeaders(admin, [topics.predictions, topics.outcomes], PRIVATE_PARTITIONS);
  return topics;
}
