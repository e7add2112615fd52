import avro from 'avsc';
import { VigilError } from '../../shared/errors.js';
import { avroTypeOf } from './avro-schema-files.js';
import { compiledAvroReader } from './compiled-avro-reader.js';
import { registryErrorStatus, type RegistryClient } from './schema-registry-client.js';

export type SchemaReader = { ok: true; read: (body: Uint8Array) => unknown } | { ok: false; error: VigilError };

/** Bounds the memory a stream of made-up schema ids can cost. */
const MAX_CACHED_WRITERS = 1_000;

const readerKey = (schemaId: number, readerType: avro.Type): string => `${schemaId}:${readerType.name ?? ''}`;

/**
 * Writer schemas by registry id, and the resolvers that read them as our reader schema.
 * Built once per id (a registry id never changes meaning), so decoding costs no HTTP call
 * and no schema parsing per message. Unknown ids are remembered too.
 */
export class WriterSchemaCache {
  private readonly readers = new Map<string, SchemaReader>();

  constructor(private readonly registry: RegistryClient) {}

  async readerFor(schemaId: number, readerType: avro.Type): Promise<SchemaReader> {
    const cached = this.cachedReader(schemaId, readerType);
    if (cached !== undefined) return cached;
    const reader = await this.build(schemaId, readerType);
    if (this.readers.size >= MAX_CACHED_WRITERS) this.readers.clear();
    this.readers.set(readerKey(schemaId, readerType), reader);
    return reader;
  }

  /** The reader if this id was seen before (no await: the per-message path), else undefined. */
  cachedReader(schemaId: number, readerType: avro.Type): SchemaReader | undefined {
    return this.readers.get(readerKey(schemaId, readerType));
  }

  private async build(schemaId: number, readerType: avro.Type): Promise<SchemaReader> {
    let writerSchema: unknown;
    try {
      writerSchema = await this.registry.getSchema(schemaId);
    } catch (cause) {
      if (registryErrorStatus(cause) === 404) {
        return { ok: false, error: new VigilError('EVENT_UNKNOWN_SCHEMA_ID', `schema id ${schemaId}`, { schemaId }) };
      }
      throw new VigilError('REGISTRY_UNAVAILABLE', `fetching schema id ${schemaId}: ${(cause as Error).message}`, { schemaId }, { cause });
    }
    if (!(writerSchema instanceof avro.Type)) {
      return { ok: false, error: new VigilError('EVENT_AVRO_UNDECODABLE', `schema id ${schemaId} is not an Avro schema`, { schemaId }) };
    }
    // Re-create the writer type with our avsc options so reader and writer agree on union handling.
    const writerType = avroTypeOf(writerSchema.schema());
    const asBuffer = (body: Uint8Array): Buffer => Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    // avsc is not given a message before the compiled reader of its writer schema read it whole:
    // avsc would loop for hours over a damaged block count (compiled-avro-reader.ts).
    const checked = compiledAvroReader(writerType);
    if (writerType.equals(readerType)) {
      // Written with our schema (the usual case): the compiled reader alone.
      return { ok: true, read: checked === undefined ? (body): unknown => readerType.fromBuffer(asBuffer(body)) : (body): unknown => checked(asBuffer(body)) };
    }
    try {
      const resolver = readerType.createResolver(writerType);
      return {
        ok: true,
        read: (body): unknown => {
          const buffer = asBuffer(body);
          checked?.(buffer);
          return readerType.fromBuffer(buffer, resolver);
        },
      };
    } catch (cause) {
      const reason = `schema id ${schemaId} (${writerType.name ?? 'unnamed'}) cannot be read as ${readerType.name ?? 'unnamed'}: ${(cause as Error).message}`;
      return { ok: false, error: new VigilError('EVENT_AVRO_UNDECODABLE', reason, { schemaId }) };
    }
  }
}
