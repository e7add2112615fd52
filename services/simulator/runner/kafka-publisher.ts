// Publishes through the Vigil producer SDK (valid events: validated, JSON-encoded, keyed by
// model id) plus one plain kafkajs producer for the deliberately malformed bytes, which
// the SDK would rightly refuse.
import { readFileSync } from 'node:fs';
import { Partitioners, type KafkaConfig as KafkaJsConfig, type Producer, type SASLOptions } from 'kafkajs';
import { createKafka } from '../../adapters/kafka/kafka-client.js';
import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import { createVigilProducer, type VigilProducer } from '../../sdk/vigil-producer.js';
import type { KafkaConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Publisher, RawTopic } from './publisher.js';

export interface KafkaPublisherOptions {
  readonly kafka: KafkaConfig;
  readonly logger: Logger;
  /** Events the SDK may hold before it refuses more (the runner then waits for a flush). */
  readonly bufferEvents?: number;
}

export interface KafkaPublisher extends Publisher {
  /** Valid events the SDK refused even after a flush (counted, never silently lost). */
  readonly dropped: () => number;
}

export function createKafkaPublisher(options: KafkaPublisherOptions): KafkaPublisher {
  const { kafka, logger } = options;
  const bufferEvents = options.bufferEvents ?? 50_000;
  const producer: VigilProducer = createVigilProducer({
    brokers: kafka.brokers,
    clientId: `${kafka.clientId}-simulator`,
    ...sdkSecurity(kafka),
    topics: { predictions: kafka.topics.predictions, outcomes: kafka.topics.outcomes },
    encoding: 'json',
    buffer: { maxEvents: bufferEvents, maxBytes: 256 * 1024 * 1024 },
    logger,
  });
  const rawProducer: Producer = createKafka(kafka, logger, 'simulator-raw').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  let rawConnected: Promise<void> | undefined;
  let rawPending: { topic: string; key: string; value: Buffer }[] = [];
  let dropped = 0;

  const sendValid = async (send: () => ReturnType<VigilProducer['sendPrediction']>): Promise<void> => {
    let result = send();
    if (!result.accepted && result.reason === 'buffer_full') {
      // Back-pressure: wait for the buffer to drain instead of losing simulated traffic.
      await producer.flush();
      result = send();
    }
    if (!result.accepted) {
      if (result.reason === 'closed') throw new VigilError('SDK_CLOSED', 'the simulator publisher is closed');
      dropped++;
    }
  };

  // Malformed records go out as they come, one send in flight at a time; flush waits for it.
  let rawInFlight: Promise<void> = Promise.resolve();
  let rawError: unknown;
  const drainRaw = async (): Promise<void> => {
    while (rawPending.length > 0) {
      const batch = rawPending;
      rawPending = [];
      rawConnected ??= rawProducer.connect();
      await rawConnected;
      const topics = [...new Set(batch.map((m) => m.topic))];
      await rawProducer.sendBatch({
        acks: -1,
        topicMessages: topics.map((topic) => ({ topic, messages: batch.filter((m) => m.topic === topic).map(({ key, value }) => ({ key, value })) })),
      });
    }
  };
  const kickRaw = (): void => {
    rawInFlight = rawInFlight.then(drainRaw).catch((error: unknown) => {
      rawError ??= error;
    });
  };
  const flushRaw = async (): Promise<void> => {
    kickRaw();
    await rawInFlight;
    if (rawError !== undefined) {
      const error = rawError;
      rawError = undefined;
      throw new VigilError('KAFKA_UNAVAILABLE', `malformed records were not delivered: ${(error as Error).message}`, undefined, { cause: error });
    }
  };

  return {
    prediction: (event: PredictionEvent) => sendValid(() => producer.sendPrediction(event)),
    outcome: (event: OutcomeEvent) => sendValid(() => producer.sendOutcome(event)),
    raw(topic: RawTopic, key: string, bytes: Uint8Array) {
      rawPending.push({ topic: kafka.topics[topic], key, value: Buffer.from(bytes) });
      if (rawPending.length === 1) kickRaw();
      return Promise.resolve();
    },
    async flush() {
      await flushRaw();
      const result = await producer.flush();
      if (!result.drained) logger.warn({ stats: result.stats }, 'the producer did not drain before its deadline');
    },
    async close() {
      try {
        await flushRaw();
      } finally {
        const result = await producer.close();
        logger.info({ stats: result.stats, drained: result.drained, dropped }, 'simulator producer closed');
        if (rawConnected !== undefined) await rawProducer.disconnect();
      }
    },
    dropped: () => dropped,
  };
}

function sdkSecurity(kafka: KafkaConfig): { ssl?: KafkaJsConfig['ssl']; sasl?: SASLOptions } {
  const tls = kafka.tls;
  const ssl = tls.enabled
    ? {
        rejectUnauthorized: tls.rejectUnauthorized,
        ...(tls.caFile === undefined ? {} : { ca: [readFileSync(tls.caFile, 'utf8')] }),
        ...(tls.certFile === undefined ? {} : { cert: readFileSync(tls.certFile, 'utf8') }),
        ...(tls.keyFile === undefined ? {} : { key: readFileSync(tls.keyFile, 'utf8') }),
      }
    : undefined;
  const sasl = kafka.sasl === undefined ? undefined : ({ ...kafka.sasl } as SASLOptions);
  return { ...(ssl === undefined ? {} : { ssl }), ...(sasl === undefined ? {} : { sasl }) };
}
