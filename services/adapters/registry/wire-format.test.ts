import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSchemaRegistryClient } from './schema-registry-client.js';
import { readWireFormat, sniffEncoding, valueSubject, writeWireFormat } from './wire-format.js';

describe('the Confluent wire format', () => {
  it('reads back the schema id and body it wrote, for any id and body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.uint8Array({ maxLength: 64 }), (schemaId, body) => {
        const read = readWireFormat(writeWireFormat(schemaId, body));
        expect(read.ok && read.message.schemaId).toBe(schemaId);
        expect(read.ok && Array.from(read.message.body)).toEqual(Array.from(body));
      }),
    );
  });

  it('reads a header that starts inside a larger buffer (as Kafka clients hand out slices)', () => {
    const framed = writeWireFormat(258, Uint8Array.of(7, 8));
    const slice = Uint8Array.from([9, 9, ...framed]).subarray(2);
    expect(readWireFormat(slice)).toEqual({ ok: true, message: { schemaId: 258, body: Uint8Array.of(7, 8) } });
  });

  it('explains a short message and a wrong magic byte', () => {
    expect(readWireFormat(Uint8Array.of(0, 1))).toEqual({ ok: false, reason: '2 bytes, shorter than the 5-byte header' });
    expect(readWireFormat(Uint8Array.of(123, 0, 0, 0, 1))).toEqual({ ok: false, reason: 'magic byte is 123, expected 0' });
  });

  it('sniffs a leading zero byte as Avro and anything else, including nothing, as JSON', () => {
    expect(sniffEncoding(writeWireFormat(1, Uint8Array.of()))).toBe('avro');
    expect(sniffEncoding(new TextEncoder().encode(' {"a":1}'))).toBe('json');
    expect(sniffEncoding(new Uint8Array())).toBe('json');
  });

  it('names value subjects after the topic, as TopicNameStrategy does', () => {
    expect(valueSubject('vigil.predictions')).toBe('vigil.predictions-value');
  });
});

describe('createSchemaRegistryClient', () => {
  it('refuses a username without a password', () => {
    expect(() => createSchemaRegistryClient({ url: 'http://127.0.0.1:1', username: 'u' })).toThrow(/both username and password/);
  });
});
