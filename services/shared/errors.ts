// The one catalogue of error codes shared by every service. Errors are values with a
// code from here; an API maps `httpStatus`, a stream routes to the dead-letter topic.

export const ERROR_CATALOGUE = {
  CONFIG_INVALID: { httpStatus: 500, message: 'The configuration is invalid' },
  CONFIG_UNKNOWN_OPTION: { httpStatus: 500, message: 'The configuration names an option that does not exist' },
  CONFIG_FILE_UNREADABLE: { httpStatus: 500, message: 'The configuration file cannot be read or parsed' },
  EVENT_NOT_JSON: { httpStatus: 400, message: 'The event is not valid JSON' },
  EVENT_SCHEMA_INVALID: { httpStatus: 400, message: 'The event does not match its schema' },
  EVENT_AVRO_UNDECODABLE: { httpStatus: 400, message: 'The event cannot be decoded as Avro in the Confluent wire format' },
  EVENT_UNKNOWN_SCHEMA_ID: { httpStatus: 400, message: 'The event names a schema id the registry does not know' },
  EVENT_EMPTY: { httpStatus: 400, message: 'The event has no payload' },
  EVENT_TOO_LARGE: { httpStatus: 413, message: 'The event exceeds the maximum size' },
  SQL_LITERAL_INVALID: { httpStatus: 500, message: 'A value cannot be written as a SQL literal' },
  SQL_IDENTIFIER_INVALID: { httpStatus: 500, message: 'A name is not a valid SQL identifier' },
  STORE_UNAVAILABLE: { httpStatus: 503, message: 'The ClickHouse store is unavailable' },
  STORE_QUERY_FAILED: { httpStatus: 500, message: 'A ClickHouse query failed' },
  MIGRATION_FAILED: { httpStatus: 500, message: 'A migration failed to apply' },
  MIGRATION_CHANGED: { httpStatus: 500, message: 'An applied migration was edited after it ran; migrations are append-only' },
  REGISTRY_UNAVAILABLE: { httpStatus: 503, message: 'The schema registry is unavailable' },
  REGISTRY_SCHEMA_REJECTED: { httpStatus: 409, message: 'The schema registry refused the schema as incompatible with the subject' },
  REGISTRY_SCHEMA_NOT_REGISTERED: { httpStatus: 500, message: 'The schema is not registered under the subject' },
  KAFKA_UNAVAILABLE: { httpStatus: 503, message: 'The Kafka cluster is unavailable' },
  SDK_BUFFER_FULL: { httpStatus: 503, message: 'The producer buffer is full; the event was dropped' },
  SDK_CLOSED: { httpStatus: 503, message: 'The producer is closed' },
  SIMULATOR_INVALID: { httpStatus: 400, message: 'The simulator settings are invalid' },
  SKETCH_UNDECODABLE: { httpStatus: 500, message: 'A serialized sketch cannot be decoded (unknown version, truncated or corrupt)' },
  SKETCH_OPTIONS_INVALID: { httpStatus: 500, message: 'The sketch options are invalid' },
  VALIDATION_FAILED: { httpStatus: 400, message: 'The request is invalid' },
  NOT_FOUND: { httpStatus: 404, message: 'The resource does not exist' },
  UNAUTHORIZED: { httpStatus: 401, message: 'An API key is required' },
  FORBIDDEN: { httpStatus: 403, message: 'The API key lacks the required scope' },
  RATE_LIMITED: { httpStatus: 429, message: 'Too many requests' },
  WINDOW_STATE_CORRUPT: { httpStatus: 500, message: 'A serialized window, profile or comparison state is truncated, corrupt or of an unknown version' },
  EVENT_TIME_OUT_OF_RANGE: { httpStatus: 400, message: 'The event time is too far in the future or the past of the processing clock' },
  CHECKPOINT_CORRUPT: { httpStatus: 500, message: 'A processor checkpoint is truncated, corrupt or of an unknown version' },
  REFERENCE_INVALID: { httpStatus: 400, message: 'The reference profile or reference range is invalid' },
  INPUT_FILE_INVALID: { httpStatus: 400, message: 'An input file cannot be read or parsed' },
  CONFLICT: { httpStatus: 409, message: 'The change conflicts with the current state of the resource' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, message: 'The request body exceeds the maximum size' },
  INTERNAL: { httpStatus: 500, message: 'Internal error' },
} as const satisfies Record<string, { httpStatus: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error carrying a catalogue code and optional structured detail (never secrets). */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, reason?: string, detail?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(reason === undefined ? ERROR_CATALOGUE[code].message : `${ERROR_CATALOGUE[code].message}: ${reason}`, options);
    this.name = 'VigilError';
    this.code = code;
    this.detail = detail === undefined ? undefined : Object.freeze({ ...detail });
  }

  get httpStatus(): number {
    return ERROR_CATALOGUE[this.code].httpStatus;
  }
}

export function isVigilError(value: unknown, code?: ErrorCode): value is VigilError {
  return value instanceof VigilError && (code === undefined || value.code === code);
}
