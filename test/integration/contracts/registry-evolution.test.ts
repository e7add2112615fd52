import { describe, expect, it } from 'vitest';
import { loadAvroSchema } from '../../../services/adapters/registry/avro-schema-files.js';
import { registerValueSchema } from '../../../services/adapters/registry/schema-registration.js';
import { checkSchemaEvolution } from '../../../services/adapters/registry/schema-evolution.js';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import { withEnumSymbols, withFieldType, withOptionalField, withRequiredField } from '../../../services/adapters/registry/testing/schema-variants.js';
import { valueSubject } from '../../../services/adapters/registry/wire-format.js';
import { registryUrlFromEnv, subjectCompatibility, uniqueTopic } from './registry-env.js';

const url = registryUrlFromEnv();
const registry = createSchemaRegistryClient({ url });
const v1 = loadAvroSchema('prediction');

describe('a subject registered by Vigil in the real schema registry', () => {
  it('is created under <topic>-value with BACKWARD compatibility', async () => {
    const topic = uniqueTopic('config');
    await registerValueSchema(registry, topic, v1);
    expect(await subjectCompatibility(url, valueSubject(topic))).toBe('BACKWARD');
  });

  it('returns the same id when the same schema is registered again', async () => {
    const topic = uniqueTopic('idempotent');
    expect(await registerValueSchema(registry, topic, v1)).toBe(await registerValueSchema(registry, topic, v1));
  });

  it('accepts a v2 that adds an optional field, as a new schema id, and our check agrees', async () => {
    const topic = uniqueTopic('compatible');
    const v2 = withOptionalField(v1);
    const firstId = await registerValueSchema(registry, topic, v1);
    const secondId = await registerValueSchema(registry, topic, v2);
    expect(secondId).not.toBe(firstId);
    expect(checkSchemaEvolution(v1, v2)).toEqual([]);
  });

  const incompatible = [
    { change: 'adds a required field without a default', v2: withRequiredField(v1) },
    { change: 'changes a field type', v2: withFieldType(v1, 'eventTime', 'string') },
    { change: 'removes an enum symbol', v2: withEnumSymbols(v1, 'deploymentRole', ['champion', 'challenger']) },
  ];

  it.each(incompatible)('refuses a v2 that $change with REGISTRY_SCHEMA_REJECTED, and our check agrees', async ({ v2 }) => {
    const topic = uniqueTopic('incompatible');
    await registerValueSchema(registry, topic, v1);
    await expect(registerValueSchema(registry, topic, v2)).rejects.toMatchObject({ code: 'REGISTRY_SCHEMA_REJECTED' });
    expect(checkSchemaEvolution(v1, v2)).not.toEqual([]);
  });
});
