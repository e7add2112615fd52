import type { IHeaders, Message, Producer } from 'kafkajs';
import type { VigilError } from '../../shared/errors.js';

/** Where a record came from, for its dead-letter headers. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders | undefined;
}

const MAX_MESSAGE_CHARS = 1_000;

/**
 * The dead-letter record: the original key, value and headers, plus vigil-* headers saying what
 * was wrong and where the record came from, so it can be inspected and replayed.
 */
export function deadLetterMessage(origin: RecordOrigin, error: VigilError, failedAt: number): Message {
  return {
    key: origin.key,
    value: origin.value,
    headers: {
      ...(origin.headers ?? {}),
      'vigil-error-code': error.code,
      'vigil-error-message': error.message.slice(0, MAX_MESSAGE_CHARS),
      'vigil-source-topic': origin.topic,
      'vigil-source-partition': String(origin.partition),
      'vigil-source-offset': origin.offset,
      'vigil-failed-at': new Date(failedAt).toISOString(),
    },
  };
}

/** Sends dead letters with the idempotent producer and resolves only once every replica has them. */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  async publish(messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({ topic: this.topic, acks: -1, messages: [...messages] });
  }
}
