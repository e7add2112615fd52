import type avro from 'avsc';
import { LIMITS } from '../../contracts/common.js';
import type { DecodeResult } from '../../contracts/decode-result.js';
import type { EventKind, EventOf } from '../../contracts/event-kinds.js';
import { validateDecodedEvent } from '../../contracts/validate-event.js';
import { avroTypeOf, loadAvroSchema } from '../../adapters/registry/avro-schema-files.js';
import type { RegistryClient } from '../../adapters/registry/schema-registry-client.js';
import { readWireFormat } from '../../adapters/registry/wire-format.js';
import { WriterSchemaCache, type SchemaReader } from '../../adapters/registry/writer-schema-cache.js';
import { VigilError } from '../../shared/errors.js';

const failure = (error: VigilError): { ok: false; error: VigilError } => ({ ok: false, error });

/**
 * Decode-only Avro: the writer schema comes from the registry by the id in each message and is
 * resolved into our committed schema. Unlike AvroEventCodec it needs no schema id of its own,
 * so the processor neither registers schemas nor fails to start before a producer registered
 * one. Throws only REGISTRY_UNAVAILABLE (the caller retries); everything else is a result.
 */
export class AvroEventReader {
  private readonly writers: WriterSchemaCache;
  private readonly readerTypes = new Map<EventKind, avro.Type>();

  constructor(registry: RegistryClient) {
    this.writers = new WriterSchemaCache(registry);
  }

  private readerType(kind: EventKind): avro.Type {
    let type = this.readerTypes.get(kind);
    if (type === undefined) this.readerTypes.set(kind, (type = avroTypeOf(loadAvroSchema(kind))));
    return type;
  }

  async decode<K extends EventKind>(kind: K, bytes: Uint8Array): Promise<DecodeResult<EventOf<K>>> {
    const known = this.decodeKnown(kind, bytes);
    if (known !== undefined) return known;
    const wire = readWireFormat(bytes);
    if (!wire.ok) return failure(new VigilError('EVENT_AVRO_UNDECODABLE', wire.reason, { kind }));
    const reader = await this.writers.readerFor(wire.message.schemaId, this.readerType(kind));
    return read(kind, wire.message, reader);
  }

  /**
   * Decodes without waiting when the message's writer schema was seen before (every message but
   * the first of each schema id); undefined when the registry has to be asked first.
   */
  decodeKnown<K extends EventKind>(kind: K, bytes: Uint8Array): DecodeResult<EventOf<K>> | undefined {
    if (bytes.length > LIMITS.maxEventBytes) return failure(new VigilError('EVENT_TOO_LARGE', `${bytes.length} bytes`, { kind }));
    const wire = readWireFormat(bytes);
    if (!wire.ok) return failure(new VigilError('EVENT_AVRO_UNDECODABLE', wire.reason, { kind }));
    const reader = this.writers.cachedReader(wire.message.schemaId, this.readerType(kind));
    return reader === undefined ? undefined : read(kind, wire.message, reader);
  }
}

function read<K extends EventKind>(kind: K, message: { schemaId: number; body: Uint8Array }, reader: SchemaReader): DecodeResult<EventOf<K>> {
  if (!reader.ok) return reader;
  let decoded: unknown;
  try {
    decoded = reader.read(message.body);
  } catch (cause) {
    return failure(new VigilError('EVENT_AVRO_UNDECODABLE', `schema id ${message.schemaId}: ${(cause as Error).message}`, { kind }));
  }
  return validateDecodedEvent(kind, decoded);
}
