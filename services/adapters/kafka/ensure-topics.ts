import type { Admin, Kafka } from 'kafkajs';
import type { KafkaConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Creates Vigil's topics when they are missing. Predictions and outcomes get the same
 * partition count so that, keyed by model id, a model's events share a partition number.
 * Existing topics are never altered: their partition counts are logged for the operator.
 */
const LEADER_WAIT_MS = 30_000;

async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leader after ${LEADER_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function ensureTopics(kafka: Kafka, config: KafkaConfig, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const wanted = Object.values(config.topics);
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      // Not waitForLeaders: on a freshly started broker kafkajs fails that wait with "does not
      // host this topic-partition" and does not retry; we poll the metadata ourselves instead.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: config.topicPartitions,
          replicationFactor: config.topicReplicationFactor,
        })),
      });
      await waitForLeaders(admin, missing);
      logger.info({ topics: missing, partitions: config.topicPartitions }, 'created topics');
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [config.topics.predictions, config.topics.outcomes] });
    const counts = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    if (new Set(Object.values(counts)).size > 1) {
      logger.warn({ partitions: counts }, 'predictions and outcomes have different partition counts: label join needs a repartition');
    }
  } catch (cause) {
    throw new VigilError('KAFKA_UNAVAILABLE', `cannot create topics: ${(cause as Error).message}`, undefined, { cause });
  } finally {
    await admin.disconnect();
  }
}
