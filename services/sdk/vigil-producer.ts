import type { KafkaConfig } from 'kafkajs';
import { pino } from 'pino';
import type { EventInputOf } from '../contracts/index.js';
import { VigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { BatchSender } from './batch-sender.js';
import type { EventEncoder } from './event-encoder.js';
import { createJsonEventEncoder } from './json-event-encoder.js';
import { createKafkaBatchSender } from './kafka-batch-sender.js';
import { ProducerEngine, type DrainResult, type SendResult } from './producer-engine.js';
import { resolveProducerSettings, type ProducerSettingsInput } from './producer-options.js';
import type { ProducerStats } from './producer-stats.js';

export interface VigilProducerOptions extends ProducerSettingsInput {
  /** host:port of the bootstrap brokers. */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
  /**
   * Required when `encoding` is 'avro': build it with createAvroEventEncoder() (schema
   * registry, Confluent wire format). JSON needs none.
   */
  readonly encoder?: EventEncoder;
  /** The model server's pino logger; the SDK logs through a child. Silent when absent. */
  readonly logger?: Logger;
  /** For tests and custom transports: replaces the kafkajs producer. */
  readonly sender?: BatchSender;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface VigilProducer {
  /** Validates (throws VigilError EVENT_SCHEMA_INVALID / EVENT_TOO_LARGE), then buffers or drops; never blocks. */
  sendPrediction(event: EventInputOf<'prediction'>): SendResult;
  sendOutcome(event: EventInputOf<'outcome'>): SendResult;
  /** Sends what is buffered now, without waiting for the linger time; resolves by the deadline. */
  flush(timeoutMs?: number): Promise<DrainResult>;
  /** Refuses new events, drains until the deadline, then disconnects. Safe to call twice. */
  close(timeoutMs?: number): Promise<DrainResult>;
  stats(): ProducerStats;
}

function chooseEncoder(options: VigilProducerOptions, encoding: 'json' | 'avro'): EventEncoder {
  const encoder = options.encoder ?? (encoding === 'json' ? createJsonEventEncoder() : undefined);
  if (encoder === undefined) {
    throw new VigilError('CONFIG_INVALID', "producer options: encoding 'avro' needs an encoder (createAvroEventEncoder)");
  }
  if (encoder.encoding !== encoding) {
    throw new VigilError('CONFIG_INVALID', `producer options: encoding is '${encoding}' but the encoder writes '${encoder.encoding}'`);
  }
  return encoder;
}

/** The producer a model server creates once at start and closes on shutdown. */
export function createVigilProducer(options: VigilProducerOptions): VigilProducer {
  const { brokers, clientId, ssl, sasl, encoder: _encoder, logger: parentLogger, sender: _sender, now, random, ...tunables } = options;
  const settings = resolveProducerSettings(tunables);
  if (options.sender === undefined && brokers.length === 0) {
    throw new VigilError('CONFIG_INVALID', 'producer options: brokers: at least one broker (host:port) is required');
  }
  const logger = (parentLogger ?? pino({ level: 'silent' })).child({ component: 'vigil-sdk' });
  const encoder = chooseEncoder(options, settings.encoding);
  const sender =
    options.sender ??
    createKafkaBatchSender({
      brokers,
      clientId: clientId ?? 'vigil-sdk',
      ...(ssl === undefined ? {} : { ssl }),
      ...(sasl === undefined ? {} : { sasl }),
      idempotent: settings.idempotent,
      compression: settings.compression,
      requestTimeoutMs: settings.requestTimeoutMs,
      connectionTimeoutMs: settings.connectionTimeoutMs,
      logger,
    });
  const engine = new ProducerEngine({
    settings,
    encoder,
    sender,
    logger,
    now: now ?? Date.now,
    random: random ?? Math.random,
  });
  let closing: Promise<DrainResult> | undefined;

  return {
    sendPrediction: (event) => engine.send('prediction', event),
    sendOutcome: (event) => engine.send('outcome', event),
    flush: (timeoutMs = settings.closeTimeoutMs) => engine.flush(timeoutMs),
    close: (timeoutMs = settings.closeTimeoutMs) => (closing ??= engine.close(timeoutMs)),
    stats: () => engine.stats(),
  };
}
