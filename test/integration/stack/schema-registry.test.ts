import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { requireStackEnv, uniqueName } from './stack-env.js';

const registryUrl = requireStackEnv('VIGIL_SCHEMA_REGISTRY_URL');
const registry = new SchemaRegistry({ host: registryUrl });

function recordSchema(fields: object[]): string {
  return JSON.stringify({ type: 'record', name: 'Reading', namespace: 'dev.vigil.smoke', fields });
}

async function registryCall(method: 'GET' | 'POST' | 'PUT', path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${registryUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} ${path} answered ${response.status}`).toBe(true);
  return response.json();
}

describe('the local schema registry', () => {
  it('encodes and decodes an Avro record in the Confluent wire format', async () => {
    const subject = uniqueName('smoke-reading-value');
    const schema = recordSchema([
      { name: 'model', type: 'string' },
      { name: 'score', type: 'double' },
    ]);
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject });

    const encoded = await registry.encode(id, { model: 'churn-v3', score: 0.75 });
    // Magic byte 0, then the schema id as a 4-byte big-endian integer.
    expect(encoded.readUInt8(0)).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await registry.decode(encoded)).toEqual({ model: 'churn-v3', score: 0.75 });
  });

  it('checks BACKWARD compatibility against the latest version of a subject', async () => {
    const subject = uniqueName('smoke-evolution-value');
    const base = [{ name: 'model', type: 'string' }];
    await registry.register({ type: SchemaType.AVRO, schema: recordSchema(base) }, { subject });
    await registryCall('PUT', `/config/${subject}`, { compatibility: 'BACKWARD' });

    const check = (fields: object[]) =>
      registryCall('POST', `/compatibility/subjects/${subject}/versions/latest`, { schema: recordSchema(fields) });
    const withDefault = [...base, { name: 'region', type: 'string', default: 'unknown' }];
    const withoutDefault = [...base, { name: 'region', type: 'string' }];
    expect(await check(withDefault)).toEqual({ is_compatible: true });
    expect(await check(withoutDefault)).toEqual({ is_compatible: false });
  });
});
