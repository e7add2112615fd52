import { CompressionTypes, Kafka, Partitioners, logLevel, type KafkaConfig, type Producer, type TopicMessages } from 'kafkajs';
import type { Logger } from '../shared/logger.js';
import type { BatchSender, OutgoingMessage } from './batch-sender.js';
import { pinoLogCreator } from './kafkajs-logging.js';

export type CompressionName = 'none' | 'gzip';

const COMPRESSION: Readonly<Record<CompressionName, CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
};

export interface KafkaBatchSenderOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
  readonly idempotent: boolean;
  readonly compression: CompressionName;
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  readonly logger: Logger;
}

function groupByTopic(messages: readonly OutgoingMessage[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const m of messages) {
    let group = byTopic.get(m.topic);
    if (group === undefined) {
      group = { topic: m.topic, messages: [] };
      byTopic.set(m.topic, group);
    }
    group.messages.push({ key: m.key, value: m.value });
  }
  return [...byTopic.values()];
}

/**
 * A kafkajs producer that connects lazily and reconnects after a failure. Its own retries
 * are few and short: the SDK's loop owns backoff and the delivery timeout, so a batch is
 * never lost to a retry budget hidden inside kafkajs.
 */
export function createKafkaBatchSender(options: KafkaBatchSenderOptions): BatchSender {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    ...(options.sasl === undefined ? {} : { sasl: options.sasl }),
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(options.logger.child({ component: 'kafkajs' })),
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  // murmur2 like the Java client (and librdkafka's murmur2_random), so every producer
  // language puts a key in the same partition.
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: options.idempotent,
    maxInFlightRequests: options.idempotent ? 1 : 5,
    allowAutoTopicCreation: false,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  let connected: Promise<void> | undefined;

  return {
    async send(messages) {
      connected ??= producer.connect();
      try {
        await connected;
        await producer.sendBatch({
          topicMessages: groupByTopic(messages),
          acks: -1,
          timeout: options.requestTimeoutMs,
          compression: COMPRESSION[options.compression],
        });
      } catch (cause) {
        connected = undefined;
        throw cause;
      }
    },
    async disconnect() {
      connected = undefined;
      await producer.disconnect();
    },
  };
}
