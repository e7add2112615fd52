import type { PublishedEvent, PublishedKind } from './event-validation.js';

/** Turns a validated event into the Kafka message value. */
export interface EventEncoder {
  readonly encoding: 'json' | 'avro';
  /**
   * Encodes at accept time when that is cheap and synchronous (JSON): the buffer then counts
   * exact bytes and the drain loop does no encoding. Returns undefined to defer to `encode`.
   */
  encodeNow?(kind: PublishedKind, event: PublishedEvent): Buffer;
  /** Asynchronous because the Avro encoder may have to register or look up its schema id first. */
  encode(topic: string, kind: PublishedKind, event: PublishedEvent): Promise<Buffer>;
}
