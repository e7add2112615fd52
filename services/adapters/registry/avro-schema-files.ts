import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { AVRO_SCHEMA_FILES, EVENT_KINDS, type EventKind } from '../../contracts/event-kinds.js';
import { VigilError } from '../../shared/errors.js';

/** An .avsc record schema as parsed JSON: the form the registry and avsc both accept. */
export interface AvroSchemaJson {
  readonly type: string;
  readonly name: string;
  readonly namespace?: string;
  readonly [attribute: string]: unknown;
}

/**
 * The committed schemas/ directory, found by walking up from this module so the same code
 * works from the source tree (tsx, vitest) and from dist/.
 */
export function findSchemasDirectory(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let directory = start;
  for (;;) {
    const candidate = join(directory, 'schemas');
    if (existsSync(join(candidate, AVRO_SCHEMA_FILES.prediction))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new VigilError('CONFIG_INVALID', `no schemas/ directory with .avsc files above ${start}`);
    directory = parent;
  }
}

/**
 * The .avsc file's text, trimmed. Registries compare schemas as text, and confluent-kafka's
 * Python client registers the file's text without surrounding whitespace: registering the same
 * string lets a Python producer and Vigil share one schema id instead of creating a twin version.
 */
export function loadAvroSchemaText(kind: EventKind, schemasDirectory: string = findSchemasDirectory()): string {
  const file = join(schemasDirectory, AVRO_SCHEMA_FILES[kind]);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new VigilError('CONFIG_INVALID', `cannot read Avro schema ${file}: ${(cause as Error).message}`, undefined, { cause });
  }
}

export function loadAvroSchema(kind: EventKind, schemasDirectory: string = findSchemasDirectory()): AvroSchemaJson {
  return parseAvroSchema(loadAvroSchemaText(kind, schemasDirectory), AVRO_SCHEMA_FILES[kind]);
}

export function parseAvroSchema(text: string, origin: string): AvroSchemaJson {
  try {
    return JSON.parse(text) as AvroSchemaJson;
  } catch (cause) {
    throw new VigilError('CONFIG_INVALID', `Avro schema ${origin} is not JSON: ${(cause as Error).message}`, undefined, { cause });
  }
}

export function loadAllAvroSchemas(schemasDirectory: string = findSchemasDirectory()): Readonly<Record<EventKind, AvroSchemaJson>> {
  return Object.fromEntries(EVENT_KINDS.map((kind) => [kind, loadAvroSchema(kind, schemasDirectory)])) as Record<EventKind, AvroSchemaJson>;
}

/**
 * The avsc type of a schema document, as every Vigil reader and writer builds it: unions
 * unwrapped, longs as numbers, and records as plain data (no methods for strict validation to trip on).
 */
export function avroTypeOf(schema: AvroSchemaJson | avro.Schema): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { omitRecordMethods: true });
}
