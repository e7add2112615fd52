import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../contracts/json-codec.js';
import { validExamples } from '../../contracts/testing/example-files.js';
import { avroTypeOf, loadAvroSchema } from './avro-schema-files.js';
import { AvroEventCodec } from './avro-event-codec.js';
import { decodeAny } from './decode-any.js';
import { InMemoryRegistry } from './testing/in-memory-registry.js';
import { withOptionalField } from './testing/schema-variants.js';
import { writeWireFormat } from './wire-format.js';

const topics = { prediction: 'preds', outcome: 'outs', anomaly: 'anoms' } as const;

async function started(registry = new InMemoryRegistry()): Promise<{ codec: AvroEventCodec; registry: InMemoryRegistry }> {
  return { codec: await AvroEventCodec.start({ registry, topics, mode: 'register' }), registry };
}

function jsonEvent(file: string): unknown {
  const example = validExamples().find((e) => e.file === file)!;
  const decoded = decodeEvent(example.kind, example.bytes);
  if (!decoded.ok) throw decoded.error;
  return decoded.event;
}

describe('the Avro event codec', () => {
  it.each(validExamples())('round-trips $file to the same event the JSON codec decodes', async ({ kind, bytes }) => {
    const { codec } = await started();
    const fromJson = decodeEvent(kind, bytes);
    if (!fromJson.ok) throw fromJson.error;
    const encoded = codec.encode(kind, fromJson.event);
    if (!encoded.ok) throw encoded.error;
    expect(await codec.decode(kind, encoded.bytes)).toEqual({ ok: true, event: fromJson.event });
  });

  it('writes the Confluent wire format: magic byte 0, then the schema id big-endian', async () => {
    const { codec } = await started();
    const encoded = codec.encode('prediction', jsonEvent('prediction-regression-canary.json') as never);
    if (!encoded.ok) throw encoded.error;
    expect(encoded.bytes[0]).toBe(0);
    expect(new DataView(encoded.bytes.buffer, encoded.bytes.byteOffset).getInt32(1, false)).toBe(codec.schemaId('prediction'));
  });

  it('lets NaN and infinite feature values through, for data quality to count', async () => {
    const { codec } = await started();
    const event = { ...(jsonEvent('prediction-regression-canary.json') as object), features: { a: Number.NaN, b: Number.NEGATIVE_INFINITY } };
    const encoded = codec.encode('prediction', event as never);
    if (!encoded.ok) throw encoded.error;
    const decoded = await codec.decode('prediction', encoded.bytes);
    expect(decoded.ok && decoded.event.features).toEqual({ a: Number.NaN, b: Number.NEGATIVE_INFINITY });
  });

  it('reads events written with a newer schema version that added an optional field', async () => {
    const { codec, registry } = await started();
    const v2 = withOptionalField(loadAvroSchema('prediction'));
    const { id } = await registry.register({ type: 'AVRO' as never, schema: JSON.stringify(v2) }, { subject: 'preds-value' });
    const event = jsonEvent('prediction-binary-with-probabilities.json') as Record<string, unknown>;
    const bytes = writeWireFormat(id, avroTypeOf(v2).toBuffer({ ...event, servingRegion: 'eu-west-1' }));
    expect(await codec.decode('prediction', bytes)).toEqual({ ok: true, event });
  });

  it('fetches each writer schema from the registry once, however many events use it', async () => {
    const { codec, registry } = await started();
    const encoded = codec.encode('outcome', jsonEvent('outcome-classification.json') as never);
    if (!encoded.ok) throw encoded.error;
    for (let i = 0; i < 5; i += 1) await codec.decode('outcome', encoded.bytes);
    expect(registry.fetches).toBe(1);
  });

  it('refuses to encode an event that breaks the contract', async () => {
    const { codec } = await started();
    const event = { ...(jsonEvent('outcome-classification.json') as object), value: 3 };
    const encoded = codec.encode('outcome', event as never);
    expect(!encoded.ok && encoded.error.code).toBe('EVENT_SCHEMA_INVALID');
  });
});

describe('the Avro event codec rejects', () => {
  const cases: { name: string; bytes: (codec: AvroEventCodec) => Uint8Array; code: string; message: string }[] = [
    { name: 'an empty message', bytes: () => new Uint8Array(), code: 'EVENT_EMPTY', message: 'no content' },
    { name: 'a message shorter than the header', bytes: () => Uint8Array.of(0, 0, 1), code: 'EVENT_AVRO_UNDECODABLE', message: 'shorter than the 5-byte header' },
    { name: 'a wrong magic byte', bytes: () => Uint8Array.of(1, 0, 0, 0, 1, 2), code: 'EVENT_AVRO_UNDECODABLE', message: 'magic byte is 1' },
    { name: 'a schema id the registry does not know', bytes: () => writeWireFormat(999, Uint8Array.of(2)), code: 'EVENT_UNKNOWN_SCHEMA_ID', message: 'schema id 999' },
    {
      name: 'a truncated body',
      bytes: (codec) => {
        const encoded = codec.encode('prediction', jsonEvent('prediction-multiclass-challenger.json') as never);
        return encoded.ok ? encoded.bytes.subarray(0, encoded.bytes.length - 3) : new Uint8Array();
      },
      code: 'EVENT_AVRO_UNDECODABLE',
      message: 'schema id 1',
    },
    {
      name: 'an outcome sent to the predictions topic',
      bytes: (codec) => {
        const encoded = codec.encode('outcome', jsonEvent('outcome-regression.json') as never);
        return encoded.ok ? encoded.bytes : new Uint8Array();
      },
      code: 'EVENT_AVRO_UNDECODABLE',
      message: 'cannot be read as io.vigil.events.PredictionEvent',
    },
    {
      name: 'valid Avro that breaks the contract (probabilities not summing to 1), naming the field',
      bytes: (codec) => {
        const event = jsonEvent('prediction-binary-with-probabilities.json') as Record<string, unknown>;
        const body = avroTypeOf(loadAvroSchema('prediction')).toBuffer({ ...event, prediction: { label: 'approve', probabilities: { approve: 0.5 }, value: null } });
        return writeWireFormat(codec.schemaId('prediction'), body);
      },
      code: 'EVENT_SCHEMA_INVALID',
      message: 'prediction.probabilities: probabilities must sum to 1',
    },
  ];

  it.each(cases)('$name with $code', async ({ bytes, code, message }) => {
    const { codec } = await started();
    const decoded = await codec.decode('prediction', bytes(codec));
    expect(!decoded.ok && decoded.error.code).toBe(code);
    expect(!decoded.ok && decoded.error.message).toContain(message);
  });

  it('never throws on arbitrary bodies behind a known schema id', async () => {
    const { codec } = await started();
    const allowed = new Set(['EVENT_AVRO_UNDECODABLE', 'EVENT_SCHEMA_INVALID']);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), async (body) => {
        const decoded = await codec.decode('prediction', writeWireFormat(codec.schemaId('prediction'), body));
        expect(decoded.ok || allowed.has(decoded.error.code)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('starting the codec in lookup mode', () => {
  it('fails with REGISTRY_SCHEMA_NOT_REGISTERED when no producer registered the schema', async () => {
    await expect(AvroEventCodec.start({ registry: new InMemoryRegistry(), topics, mode: 'lookup' })).rejects.toMatchObject({
      code: 'REGISTRY_SCHEMA_NOT_REGISTERED',
    });
  });

  it('finds the ids a producer registered', async () => {
    const { codec: producer, registry } = await started();
    const consumer = await AvroEventCodec.start({ registry, topics, mode: 'lookup' });
    expect(consumer.schemaId('anomaly')).toBe(producer.schemaId('anomaly'));
  });
});

describe('decodeAny', () => {
  it('decodes JSON and Avro encodings of one event on the same topic to the same event', async () => {
    const { codec } = await started();
    const example = validExamples().find((e) => e.file === 'prediction-shadow-with-missing-features.json')!;
    const avroBytes = codec.encode('prediction', jsonEvent(example.file) as never);
    if (!avroBytes.ok) throw avroBytes.error;
    const fromJson = await decodeAny('prediction', example.bytes, codec);
    expect(fromJson.ok).toBe(true);
    expect(await decodeAny('prediction', avroBytes.bytes, codec)).toEqual(fromJson);
  });

  it('reports an Avro event when no registry is configured', async () => {
    const decoded = await decodeAny('prediction', writeWireFormat(1, Uint8Array.of(0)), undefined);
    expect(!decoded.ok && decoded.error.code).toBe('EVENT_AVRO_UNDECODABLE');
  });

  it('hands anything that is not Avro to the JSON decoder', async () => {
    const decoded = await decodeAny('outcome', new TextEncoder().encode('not json'), undefined);
    expect(!decoded.ok && decoded.error.code).toBe('EVENT_NOT_JSON');
  });
});
