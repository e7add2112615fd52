import type { Kafka } from 'kafkajs';
import type { KafkaConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Creates Vigil's topics when they are missing. Predictions and outcomes get the same
 * partition count so that, keyed by model id, a model's events share a partition number.
 * Existing topics are never altered: their partition counts are logged for the operator.
 */
export async function ensureTopics(kafka: Kafka, config: KafkaConfig, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const wanted = Object.values(config.topics);
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: config.topicPartitions,
          replicationFactor: config.topicReplicationFactor,
        })),
      });
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
