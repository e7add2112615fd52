import { COMPATIBILITY, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { VigilError } from '../../shared/errors.js';
import { avroTypeOf, parseAvroSchema, type AvroSchemaJson } from './avro-schema-files.js';
import { registryErrorStatus, type RegistryClient } from './schema-registry-client.js';
import { valueSubject } from './wire-format.js';

/** Producers register their schema; a consumer may only look it up, so it never creates versions. */
export type RegistrationMode = 'register' | 'lookup';

/** A schema as a document or as text (the .avsc file as written, which registries compare verbatim). */
export type SchemaSource = AvroSchemaJson | string;

const asText = (schema: SchemaSource): string => (typeof schema === 'string' ? schema : JSON.stringify(schema));

/** Levels that check at least what BACKWARD checks; a subject at any of them is fine to register under. */
const AT_LEAST_BACKWARD: ReadonlyMap<string, COMPATIBILITY> = new Map(
  [COMPATIBILITY.BACKWARD, COMPATIBILITY.BACKWARD_TRANSITIVE, COMPATIBILITY.FULL, COMPATIBILITY.FULL_TRANSITIVE].map((level) => [level, level]),
);

function unavailable(subject: string, cause: unknown): VigilError {
  return new VigilError('REGISTRY_UNAVAILABLE', `${subject}: ${(cause as Error).message}`, { subject }, { cause });
}

/** The client refuses to register when the subject's level differs from the one asked for; it says which level it found. */
function existingLevel(cause: unknown): string | undefined {
  if (!(cause instanceof Error) || cause.name !== 'ConfluentSchemaRegistryCompatibilityError') return undefined;
  return /!= ([A-Z_]+)\)/.exec(cause.message)?.[1] ?? 'UNKNOWN';
}

async function registerAt(registry: RegistryClient, subject: string, text: string, compatibility: COMPATIBILITY): Promise<number> {
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: text }, { subject, compatibility });
  return id;
}

/**
 * Registers `schema` as the value schema of `topic` (subject "<topic>-value") and returns its id.
 * A new subject gets BACKWARD compatibility. An existing subject must already be at BACKWARD or
 * stricter: Apicurio reports NONE for a subject another client created (even under a BACKWARD
 * registry-wide default), and NONE would let incompatible versions in, so that is refused with a hint.
 */
export async function registerValueSchema(registry: RegistryClient, topic: string, schema: SchemaSource): Promise<number> {
  const subject = valueSubject(topic);
  const text = asText(schema);
  try {
    return await registerAt(registry, subject, text, COMPATIBILITY.BACKWARD);
  } catch (cause) {
    const level = existingLevel(cause);
    const acceptable = level === undefined ? undefined : AT_LEAST_BACKWARD.get(level);
    if (acceptable !== undefined) {
      try {
        return await registerAt(registry, subject, text, acceptable);
      } catch (retryCause) {
        throw classify(subject, retryCause);
      }
    }
    if (level !== undefined) {
      const hint = `set it with PUT /config/${subject} {"compatibility":"BACKWARD"}, or let Vigil create subjects first (cli/register-schemas.ts)`;
      throw new VigilError('REGISTRY_SCHEMA_REJECTED', `${subject} has compatibility ${level}, Vigil needs BACKWARD or stricter: ${hint}`, { subject, level });
    }
    throw classify(subject, cause);
  }
}

function classify(subject: string, cause: unknown): VigilError {
  const status = registryErrorStatus(cause);
  // 409: incompatible with earlier versions; 422: not a valid schema.
  if (status === 409 || status === 422) {
    return new VigilError('REGISTRY_SCHEMA_REJECTED', `${subject}: ${(cause as Error).message}`, { subject }, { cause });
  }
  return unavailable(subject, cause);
}

const isNotFound = (cause: unknown): boolean =>
  registryErrorStatus(cause) === 404 || (cause instanceof Error && cause.name === 'ConfluentSchemaRegistryError');

/**
 * The id of `schema` under "<topic>-value", without registering anything. Registries match
 * lookups by text, so when the exact text is unknown the latest version is compared by
 * Avro's canonical form (a producer may have registered the same schema spelled differently).
 */
export async function lookupValueSchema(registry: RegistryClient, topic: string, schema: SchemaSource): Promise<number> {
  const subject = valueSubject(topic);
  const text = asText(schema);
  try {
    return await registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: text });
  } catch (cause) {
    if (!isNotFound(cause)) throw unavailable(subject, cause);
  }
  try {
    const latestId = await registry.getLatestSchemaId(subject);
    const latest = await registry.getSchema(latestId);
    const ours = avroTypeOf(typeof schema === 'string' ? parseAvroSchema(schema, subject) : schema);
    if (latest instanceof avro.Type && ours.equals(avroTypeOf(latest.schema()))) return latestId;
  } catch (cause) {
    if (!isNotFound(cause)) throw unavailable(subject, cause);
  }
  throw new VigilError('REGISTRY_SCHEMA_NOT_REGISTERED', `${subject}: no version equals this schema; a producer must register it first`, { subject });
}

export async function resolveValueSchemaId(registry: RegistryClient, mode: RegistrationMode, topic: string, schema: SchemaSource): Promise<number> {
  return mode === 'register' ? registerValueSchema(registry, topic, schema) : lookupValueSchema(registry, topic, schema);
}
