import { describe, expect, it } from 'vitest';
import { AvroEventCodec } from '../../../services/adapters/registry/avro-event-codec.js';
import { avroTypeOf, loadAvroSchema } from '../../../services/adapters/registry/avro-schema-files.js';
import { decodeAny } from '../../../services/adapters/registry/decode-any.js';
import { registerValueSchema } from '../../../services/adapters/registry/schema-registration.js';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import { withOptionalField } from '../../../services/adapters/registry/testing/schema-variants.js';
import { writeWireFormat } from '../../../services/adapters/registry/wire-format.js';
import { decodeEvent } from '../../../services/contracts/json-codec.js';
import { validExamples } from '../../../services/contracts/testing/example-files.js';
import { registryUrlFromEnv, uniqueTopic } from './registry-env.js';

const url = registryUrlFromEnv();

function freshTopics(): { prediction: string; outcome: string; anomaly: string } {
  return { prediction: uniqueTopic('predictions'), outcome: uniqueTopic('outcomes'), anomaly: uniqueTopic('anomalies') };
}

describe('Avro events through the real schema registry', () => {
  it('round-trip every valid example: a producer encodes, a separate consumer (own client, empty cache) decodes', async () => {
    const topics = freshTopics();
    const producer = await AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics, mode: 'register' });
    const consumer = await AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics, mode: 'lookup' });
    for (const { file, kind, bytes } of validExamples()) {
      const fromJson = decodeEvent(kind, bytes);
      if (!fromJson.ok) throw fromJson.error;
      const encoded = producer.encode(kind, fromJson.event);
      if (!encoded.ok) throw encoded.error;
      expect(await consumer.decode(kind, encoded.bytes), file).toEqual({ ok: true, event: fromJson.event });
      expect(await decodeAny(kind, encoded.bytes, consumer), file).toEqual({ ok: true, event: fromJson.event });
    }
  });

  it('decode events a newer producer wrote with a compatible v2 schema', async () => {
    const topics = freshTopics();
    const registry = createSchemaRegistryClient({ url });
    const consumer = await AvroEventCodec.start({ registry, topics, mode: 'register' });
    const v2 = withOptionalField(loadAvroSchema('prediction'));
    const v2Id = await registerValueSchema(createSchemaRegistryClient({ url }), topics.prediction, v2);
    const example = validExamples().find((e) => e.file === 'prediction-multiclass-challenger.json')!;
    const event = decodeEvent('prediction', example.bytes);
    if (!event.ok) throw event.error;
    const bytes = writeWireFormat(v2Id, avroTypeOf(v2).toBuffer({ ...event.event, servingRegion: 'eu-west-1' }));
    expect(await consumer.decode('prediction', bytes)).toEqual({ ok: true, event: event.event });
  });

  it('report a schema id the registry has never issued as EVENT_UNKNOWN_SCHEMA_ID', async () => {
    const consumer = await AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics: freshTopics(), mode: 'register' });
    const decoded = await consumer.decode('outcome', writeWireFormat(2_000_000_000, Uint8Array.of(2, 0)));
    expect(!decoded.ok && decoded.error.code).toBe('EVENT_UNKNOWN_SCHEMA_ID');
  });

  it('report an unreachable registry as REGISTRY_UNAVAILABLE at start', async () => {
    const unreachable = createSchemaRegistryClient({ url: 'http://127.0.0.1:9/apis/ccompat/v7' });
    await expect(AvroEventCodec.start({ registry: unreachable, topics: freshTopics(), mode: 'register' })).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
    });
  });
});
