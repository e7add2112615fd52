import { describe, expect, it } from 'vitest';
import avsc from 'avsc';
import { AvroEventCodec } from '../../adapters/registry/avro-event-codec.js';
import { writeWireFormat } from '../../adapters/registry/wire-format.js';
import { InMemoryRegistry } from '../../adapters/registry/testing/in-memory-registry.js';
import { encodePrediction } from '../../contracts/json-codec.js';
import { prediction } from '../../core/profile/event-builders.test-support.js';
import { VigilError } from '../../shared/errors.js';
import { AvroEventReader } from './avro-event-reader.js';
import { deadLetterMessage } from './dead-letter.js';
import { RecordDecoder } from './record-decoder.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const decoder = new RecordDecoder({ avro: undefined, maxFutureSkewMs: 60_000 });

function bytesOf(eventTime: number): Uint8Array {
  const encoded = encodePrediction(prediction({ id: 'a', eventTime }));
  if (!encoded.ok) throw encoded.error;
  return encoded.bytes;
}

describe('the record decoder', () => {
  it('decodes a valid JSON prediction', async () => {
    const result = await decoder.decode('prediction', bytesOf(NOW - 1_000), NOW);
    expect(result.ok && result.kind === 'prediction' && result.event.eventId).toBe('e-a');
  });

  it('rejects an event time beyond the allowed skew ahead of the clock as EVENT_TIME_OUT_OF_RANGE', async () => {
    expect(await decoder.decode('prediction', bytesOf(NOW + 60_000), NOW)).toMatchObject({ ok: true });
    const result = await decoder.decode('prediction', bytesOf(NOW + 60_001), NOW);
    expect(!result.ok && result.error.code).toBe('EVENT_TIME_OUT_OF_RANGE');
  });

  it('reports empty values, broken JSON and Avro without a registry as values, never throwing', async () => {
    const codes = [];
    for (const value of [null, new TextEncoder().encode('{nope'), new Uint8Array([0, 0, 0, 0, 1, 2])]) {
      const result = await decoder.decode('outcome', value, NOW);
      codes.push(result.ok ? 'ok' : result.error.code);
    }
    expect(codes).toEqual(['EVENT_EMPTY', 'EVENT_NOT_JSON', 'EVENT_AVRO_UNDECODABLE']);
  });
});

describe('decoding without waiting', () => {
  it('answers JSON at once, and Avro at once from the second message of a schema id on, the same as decode', async () => {
    const registry = new InMemoryRegistry();
    const codec = await AvroEventCodec.start({ registry, topics: { prediction: 'preds', outcome: 'outs', anomaly: 'anoms' }, mode: 'register' });
    const avro = new RecordDecoder({ avro: new AvroEventReader(registry), maxFutureSkewMs: 60_000 });
    const encoded = codec.encode('prediction', prediction({ id: 'a', eventTime: NOW - 1_000 }));
    if (!encoded.ok) throw encoded.error;

    expect(avro.decodeNow('prediction', bytesOf(NOW - 1_000), NOW)).toEqual(await avro.decode('prediction', bytesOf(NOW - 1_000), NOW));
    expect(avro.decodeNow('prediction', encoded.bytes, NOW)).toBeUndefined();
    const decoded = await avro.decode('prediction', encoded.bytes, NOW);
    expect(decoded.ok && decoded.kind === 'prediction' && decoded.event.eventId).toBe('e-a');
    expect(avro.decodeNow('prediction', encoded.bytes, NOW)).toEqual(decoded);
  });

  it('dead-letters an Avro message whose feature map claims billions of entries, instead of looping over them', async () => {
    const registry = new InMemoryRegistry();
    const codec = await AvroEventCodec.start({ registry, topics: { prediction: 'preds', outcome: 'outs', anomaly: 'anoms' }, mode: 'register' });
    const avro = new RecordDecoder({ avro: new AvroEventReader(registry), maxFutureSkewMs: 60_000 });
    const text = (v: string): Buffer => avsc.Type.forSchema('string').toBuffer(v);
    const long = (v: number): Buffer => avsc.Type.forSchema('long').toBuffer(v);
    // eventId … eventTime as written, then a features block count of 2^34 and nothing after it.
    const body = Buffer.concat([text('e'), text('m'), text('v1'), long(0), text('r'), text('p'), long(NOW), long(2 ** 34)]);
    const decoded = await avro.decode('prediction', writeWireFormat(codec.schemaId('prediction'), body), NOW);
    expect(!decoded.ok && [decoded.error.code, decoded.error.message]).toEqual(['EVENT_AVRO_UNDECODABLE', expect.stringContaining('a block of 17179869184 entries')]);
  });

  it('dead-letters a message with an unknown schema id once the registry said so, then without asking again', async () => {
    const avro = new RecordDecoder({ avro: new AvroEventReader(new InMemoryRegistry()), maxFutureSkewMs: 60_000 });
    const unknownId = new Uint8Array([0, 0, 0, 0, 99, 2]);
    expect(avro.decodeNow('outcome', unknownId, NOW)).toBeUndefined();
    const decoded = await avro.decode('outcome', unknownId, NOW);
    expect(!decoded.ok && decoded.error.code).toBe('EVENT_UNKNOWN_SCHEMA_ID');
    expect(avro.decodeNow('outcome', unknownId, NOW)).toEqual(decoded);
  });
});

describe('a dead-letter message', () => {
  it('keeps the original key, value and headers and says what was wrong and where it came from', () => {
    const origin = { topic: 'preds', partition: 2, offset: '41', key: Buffer.from('k'), value: Buffer.from('v'), headers: { trace: 'x' } };
    const message = deadLetterMessage(origin, new VigilError('EVENT_NOT_JSON', 'bad'), NOW);
    expect(message.key).toEqual(Buffer.from('k'));
    expect(message.value).toEqual(Buffer.from('v'));
    expect(message.headers).toEqual({
      trace: 'x',
      'vigil-error-code': 'EVENT_NOT_JSON',
      'vigil-error-message': 'The event is not valid JSON: bad',
      'vigil-source-topic': 'preds',
      'vigil-source-partition': '2',
      'vigil-source-offset': '41',
      'vigil-failed-at': '2024-05-01T12:00:00.000Z',
    });
  });
});
