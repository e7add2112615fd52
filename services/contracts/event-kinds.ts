import type { z } from 'zod';
import { anomalyEventSchema } from './anomaly-event.js';
import { outcomeEventSchema } from './outcome-event.js';
import { predictionEventSchema } from './prediction-event.js';

/** The three event types that cross Kafka, by the name codecs and topics use for them. */
export const EVENT_SCHEMAS = Object.freeze({
  prediction: predictionEventSchema,
  outcome: outcomeEventSchema,
  anomaly: anomalyEventSchema,
});

export type EventKind = keyof typeof EVENT_SCHEMAS;
export const EVENT_KINDS = Object.freeze(Object.keys(EVENT_SCHEMAS) as EventKind[]);

/** The decoded, normalised event of a kind (defaults filled in). */
export type EventOf<K extends EventKind> = z.output<(typeof EVENT_SCHEMAS)[K]>;
/** What a producer may send for a kind (optional fields may be omitted). */
export type EventInputOf<K extends EventKind> = z.input<(typeof EVENT_SCHEMAS)[K]>;

/** The Avro schema file (under schemas/) that mirrors each kind. */
export const AVRO_SCHEMA_FILES: Readonly<Record<EventKind, string>> = Object.freeze({
  prediction: 'prediction-event.avsc',
  outcome: 'outcome-event.avsc',
  anomaly: 'anomaly-event.avsc',
});
