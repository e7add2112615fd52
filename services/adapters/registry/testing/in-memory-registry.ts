// Test support for unit tests only: a registry held in memory that answers like the real
// client (404-style errors for unknown ids and subjects). Integration tests use the real registry.
import avro from 'avsc';
import type { AvroSchemaDocument, RegistryClient } from '../schema-registry-client.js';

class NotFound extends Error {
  readonly status = 404;
}

export class InMemoryRegistry implements RegistryClient {
  private readonly byId = new Map<number, string>();
  private readonly subjects = new Map<string, number[]>();
  /** Counts schema fetches, so tests can see that decoding caches writer schemas. */
  fetches = 0;

  register(schema: AvroSchemaDocument, options: { subject: string }): Promise<{ id: number }> {
    const existing = [...this.byId].find(([, text]) => text === schema.schema)?.[0];
    const id = existing ?? this.byId.size + 1;
    this.byId.set(id, schema.schema);
    this.subjects.set(options.subject, [...(this.subjects.get(options.subject) ?? []), id]);
    return Promise.resolve({ id });
  }

  getRegistryIdBySchema(subject: string, schema: AvroSchemaDocument): Promise<number> {
    const id = (this.subjects.get(subject) ?? []).find((candidate) => this.byId.get(candidate) === schema.schema);
    return id === undefined ? Promise.reject(new NotFound(`${subject}: schema not found`)) : Promise.resolve(id);
  }

  getLatestSchemaId(subject: string): Promise<number> {
    const latest = this.subjects.get(subject)?.at(-1);
    return latest === undefined ? Promise.reject(new NotFound(`${subject}: no versions`)) : Promise.resolve(latest);
  }

  getSchema(registryId: number): Promise<unknown> {
    this.fetches += 1;
    const text = this.byId.get(registryId);
    if (text === undefined) return Promise.reject(new NotFound(`schema ${registryId} not found`));
    return Promise.resolve(avro.Type.forSchema(JSON.parse(text) as avro.Schema));
  }
}
