import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { avroTypeOf, loadAvroSchema } from '../adapters/registry/avro-schema-files.js';
import { readWireFormat } from '../adapters/registry/wire-format.js';
import { encodeEvent } from '../contracts/index.js';
import { createAvroEventEncoder } from './avro-event-encoder.js';
import { validateForPublishing } from './event-validation.js';
import { createJsonEventEncoder } from './json-event-encoder.js';
import { sampleOutcome, samplePrediction } from './testing/sample-events.js';

/** Stands in for the registry's HTTP API: hands out ids, or fails the first `failures` calls. */
function fakeRegistry(failures = 0): { registry: SchemaRegistry; subjects: string[] } {
  const subjects: string[] = [];
  let left = failures;
  const registry = {
    register: (_schema: unknown, options: { subject: string }) => {
      if (left > 0) {
        left -= 1;
        return Promise.reject(new Error('connect ECONNREFUSED'));
      }
      subjects.push(options.subject);
      return Promise.resolve({ id: 40 + subjects.length });
    },
  } as unknown as SchemaRegistry;
  return { registry, subjects };
}

describe('createJsonEventEncoder', () => {
  it('writes the same bytes as the contracts JSON codec', async () => {
    const event = validateForPublishing('prediction', samplePrediction(3));
    const expected = encodeEvent('prediction', samplePrediction(3));
    if (!expected.ok) throw expected.error;
    const encoder = createJsonEventEncoder();
    expect(new Uint8Array(encoder.encodeNow!('prediction', event))).toEqual(expected.bytes);
    expect(new Uint8Array(await encoder.encode('t', 'prediction', event))).toEqual(expected.bytes);
  });
});

describe('createAvroEventEncoder', () => {
  it('writes the Confluent wire format with the id registered under "<topic>-value"', async () => {
    const { registry, subjects } = fakeRegistry();
    const encoder = createAvroEventEncoder({ registry });
    const event = validateForPublishing('outcome', sampleOutcome(5));
    const bytes = await encoder.encode('vigil.outcomes', 'outcome', event);
    const wire = readWireFormat(bytes);
    if (!wire.ok) throw new Error(wire.reason);
    expect(subjects).toEqual(['vigil.outcomes-value']);
    expect(wire.message.schemaId).toBe(41);
    expect(avroTypeOf(loadAvroSchema('outcome')).fromBuffer(Buffer.from(wire.message.body))).toEqual(event);
  });

  it('registers each schema once and reuses the id', async () => {
    const { registry, subjects } = fakeRegistry();
    const encoder = createAvroEventEncoder({ registry });
    for (let i = 0; i < 3; i++) await encoder.encode('p', 'prediction', validateForPublishing('prediction', samplePrediction(i)));
    expect(subjects).toEqual(['p-value']);
  });

  it('tries the registration again on the next batch after the registry was unavailable', async () => {
    const { registry, subjects } = fakeRegistry(1);
    const encoder = createAvroEventEncoder({ registry });
    const event = validateForPublishing('outcome', sampleOutcome(1));
    await expect(encoder.encode('o', 'outcome', event)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    await expect(encoder.encode('o', 'outcome', event)).resolves.toBeInstanceOf(Buffer);
    expect(subjects).toEqual(['o-value']);
  });
});
