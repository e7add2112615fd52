import type avro from 'avsc';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { avroTypeOf, loadAvroSchema, type AvroSchemaJson } from '../adapters/registry/avro-schema-files.js';
import { createSchemaRegistryClient, type SchemaRegistryConfig } from '../adapters/registry/schema-registry-client.js';
import { registerValueSchema } from '../adapters/registry/schema-registration.js';
import { writeWireFormat } from '../adapters/registry/wire-format.js';
import { VigilError } from '../shared/errors.js';
import type { EventEncoder } from './event-encoder.js';
import type { PublishedKind } from './event-validation.js';

export interface AvroEventEncoderOptions {
  /** A registry client, or the URL (and basic-auth credentials) to build one. */
  readonly registry: SchemaRegistry | SchemaRegistryConfig;
  /** Defaults to the committed schemas/*.avsc. */
  readonly schemas?: Partial<Readonly<Record<PublishedKind, AvroSchemaJson>>>;
}

interface Writer {
  readonly schemaId: number;
  readonly type: avro.Type;
}

/**
 * Avro in the Confluent wire format, subject "<topic>-value", the schema registered on
 * first use. Events were validated when accepted, so this only writes bytes. A registry that
 * is down fails the batch, which the producer retries with backoff like a broker error.
 */
export function createAvroEventEncoder(options: AvroEventEncoderOptions): EventEncoder {
  const registry = 'url' in options.registry ? createSchemaRegistryClient(options.registry, 'vigil-sdk') : options.registry;
  const writers = new Map<string, Promise<Writer>>();

  function writerFor(topic: string, kind: PublishedKind): Promise<Writer> {
    const cacheKey = `${kind}\u0000${topic}`;
    let writer = writers.get(cacheKey);
    if (writer === undefined) {
      const schema = options.schemas?.[kind] ?? loadAvroSchema(kind);
      writer = registerValueSchema(registry, topic, schema).then((schemaId) => ({ schemaId, type: avroTypeOf(schema) }));
      // A failed registration is retried with the next batch, not cached.
      writer.catch(() => writers.delete(cacheKey));
      writers.set(cacheKey, writer);
    }
    return writer;
  }

  return {
    encoding: 'avro',
    async encode(topic, kind, event) {
      const { schemaId, type } = await writerFor(topic, kind);
      let body: Buffer;
      try {
        body = type.toBuffer(event);
      } catch (cause) {
        throw new VigilError('EVENT_SCHEMA_INVALID', `${kind} event cannot be written as Avro: ${(cause as Error).message}`, { kind }, { cause });
      }
      const bytes = writeWireFormat(schemaId, body);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
