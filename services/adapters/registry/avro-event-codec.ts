import type avro from 'avsc';
import type { RegistryClient } from './schema-registry-client.js';
import { LIMITS } from '../../contracts/common.js';
import type { DecodeResult, EncodeResult } from '../../contracts/decode-result.js';
import type { EventInputOf, EventKind, EventOf } from '../../contracts/event-kinds.js';
import { validateDecodedEvent, validateEvent } from '../../contracts/validate-event.js';
import { VigilError } from '../../shared/errors.js';
import { avroTypeOf, loadAvroSchemaText, parseAvroSchema, type AvroSchemaJson } from './avro-schema-files.js';
import { resolveValueSchemaId, type RegistrationMode } from './schema-registration.js';
import { readWireFormat, writeWireFormat } from './wire-format.js';
import { WriterSchemaCache } from './writer-schema-cache.js';

export interface AvroEventCodecOptions {
  readonly registry: RegistryClient;
  /** The topic each kind travels on; only these kinds can be encoded. Subjects are "<topic>-value". */
  readonly topics: Partial<Readonly<Record<EventKind, string>>>;
  readonly mode: RegistrationMode;
  /** Defaults to the committed schemas/*.avsc, registered as written. */
  readonly schemas?: Partial<Readonly<Record<EventKind, AvroSchemaJson>>>;
}

interface KindState {
  readonly schemaId: number;
  readonly type: avro.Type;
}

const failure = (error: VigilError): { ok: false; error: VigilError } => ({ ok: false, error });

/**
 * Avro events in the Confluent wire format. Built once at start (registering or looking up
 * each schema); then decode returns the same result values as the JSON codec, and throws only
 * REGISTRY_UNAVAILABLE, which is not the event's fault: the caller retries instead of dead-lettering.
 */
export class AvroEventCodec {
  private constructor(
    private readonly kinds: ReadonlyMap<EventKind, KindState>,
    private readonly writers: WriterSchemaCache,
  ) {}

  static async start(options: AvroEventCodecOptions): Promise<AvroEventCodec> {
    const kinds = new Map<EventKind, KindState>();
    for (const [kind, topic] of Object.entries(options.topics) as [EventKind, string][]) {
      const schema = options.schemas?.[kind] ?? loadAvroSchemaText(kind);
      const schemaId = await resolveValueSchemaId(options.registry, options.mode, topic, schema);
      kinds.set(kind, { schemaId, type: avroTypeOf(typeof schema === 'string' ? parseAvroSchema(schema, topic) : schema) });
    }
    return new AvroEventCodec(kinds, new WriterSchemaCache(options.registry));
  }

  /** The registry id this codec writes `kind` with. */
  schemaId(kind: EventKind): number {
    return this.state(kind).schemaId;
  }

  private state(kind: EventKind): KindState {
    const state = this.kinds.get(kind);
    if (state === undefined) throw new VigilError('CONFIG_INVALID', `the Avro codec was started without a topic for ${kind} events`);
    return state;
  }

  /** Validates against the contract, then writes magic byte, schema id and Avro body. */
  encode<K extends EventKind>(kind: K, event: EventInputOf<K>): EncodeResult {
    const { schemaId, type } = this.state(kind);
    const valid = validateEvent(kind, event);
    if (!valid.ok) return valid;
    let body: Uint8Array;
    try {
      body = type.toBuffer(valid.event);
    } catch (cause) {
      return failure(new VigilError('EVENT_SCHEMA_INVALID', `${kind} event cannot be written as Avro: ${(cause as Error).message}`, { kind }));
    }
    const bytes = writeWireFormat(schemaId, body);
    if (bytes.length > LIMITS.maxEventBytes) return failure(new VigilError('EVENT_TOO_LARGE', `${bytes.length} bytes`, { kind }));
    return { ok: true, bytes };
  }

  /**
   * Reads an event written with any registered version of the schema, resolved into the
   * version this service knows (new optional fields dropped, missing ones defaulted), then
   * validated like a JSON event. NaN feature values pass: data quality counts them later.
   */
  async decode<K extends EventKind>(kind: K, bytes: Uint8Array): Promise<DecodeResult<EventOf<K>>> {
    if (bytes.length === 0) return failure(new VigilError('EVENT_EMPTY', `the ${kind} event has no content`));
    if (bytes.length > LIMITS.maxEventBytes) return failure(new VigilError('EVENT_TOO_LARGE', `${bytes.length} bytes`, { kind }));
    const wire = readWireFormat(bytes);
    if (!wire.ok) return failure(new VigilError('EVENT_AVRO_UNDECODABLE', wire.reason, { kind }));
    const reader = await this.writers.readerFor(wire.message.schemaId, this.state(kind).type);
    if (!reader.ok) return reader;
    let decoded: unknown;
    try {
      decoded = reader.read(wire.message.body);
    } catch (cause) {
      const reason = `schema id ${wire.message.schemaId}: ${(cause as Error).message}`;
      return failure(new VigilError('EVENT_AVRO_UNDECODABLE', reason, { kind, schemaId: wire.message.schemaId }));
    }
    return validateDecodedEvent(kind, decoded);
  }
}
