// The producer library model servers import: `createVigilProducer` and what it needs.
export { createVigilProducer, type VigilProducer, type VigilProducerOptions } from './vigil-producer.js';
export { createAvroEventEncoder, type AvroEventEncoderOptions } from './avro-event-encoder.js';
export { createJsonEventEncoder } from './json-event-encoder.js';
export type { EventEncoder } from './event-encoder.js';
export type { BatchSender, OutgoingMessage } from './batch-sender.js';
export type { SendResult, DrainResult } from './producer-engine.js';
export type { ProducerStats, DropReason, RejectReason, FailureReason } from './producer-stats.js';
export { KEY_STRATEGIES, type KeyStrategy } from './key-strategy.js';
export type { ProducerSettingsInput } from './producer-options.js';
