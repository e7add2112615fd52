import { SchemaRegistry, type COMPATIBILITY, type SchemaType } from '@kafkajs/confluent-schema-registry';
import type { VigilConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';

export interface AvroSchemaDocument {
  readonly type: SchemaType.AVRO;
  readonly schema: string;
}

/** The part of the registry client the codec uses; unit tests pass an in-memory one. */
export interface RegistryClient {
  register(schema: AvroSchemaDocument, options: { subject: string; compatibility: COMPATIBILITY }): Promise<{ id: number }>;
  getRegistryIdBySchema(subject: string, schema: AvroSchemaDocument): Promise<number>;
  getSchema(registryId: number): Promise<unknown>;
  getLatestSchemaId(subject: string): Promise<number>;
}

export type SchemaRegistryConfig = NonNullable<VigilConfig['schemaRegistry']>;

/**
 * A client for a Confluent-compatible registry (Confluent, Apicurio's /apis/ccompat/v7, Redpanda).
 * Basic auth is used when the configuration carries a username and password.
 */
export function createSchemaRegistryClient(config: SchemaRegistryConfig, clientId = 'vigil'): SchemaRegistry & RegistryClient {
  const { url, username, password } = config;
  if ((username === undefined) !== (password === undefined)) {
    throw new VigilError('CONFIG_INVALID', 'schemaRegistry: set both username and password for basic auth, or neither');
  }
  const auth = username !== undefined && password !== undefined ? { username, password } : undefined;
  return new SchemaRegistry({ host: url.replace(/\/+$/, ''), clientId, ...(auth === undefined ? {} : { auth }) });
}

/** The HTTP status of a registry client error, or undefined for errors that never reached the registry. */
export function registryErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = error.status;
  return typeof status === 'number' ? status : undefined;
}
