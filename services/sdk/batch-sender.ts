/** One message ready for Kafka. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

/**
 * What the producer needs from Kafka: send one batch, all or nothing from its point of
 * view. The kafkajs implementation is kafka-batch-sender.ts; unit tests pass a recorder.
 */
export interface BatchSender {
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}
