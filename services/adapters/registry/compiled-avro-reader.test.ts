import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avroTypeOf, loadAvroSchema } from './avro-schema-files.js';
import { AvroMessageError, compiledAvroReader } from './compiled-avro-reader.js';

const predictionType = avroTypeOf(loadAvroSchema('prediction'));
const outcomeType = avroTypeOf(loadAvroSchema('outcome'));

/** The compiled reader returns what avsc returns; when it rejects a message, avsc rejects it too. */
function expectSameAsAvsc(type: avro.Type, body: Buffer): void {
  const compiled = compiledAvroReader(type)!;
  let value: unknown;
  try {
    value = compiled(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AvroMessageError);
    // avsc would believe the count and loop over it (for hours with 0-byte entries): not asked.
    if ((error as Error).message.startsWith('a block of')) return;
    expect(() => type.fromBuffer(body) as unknown).toThrow();
    return;
  }
  expect(value).toEqual(type.fromBuffer(body));
}

const name = fc.oneof(fc.constantFrom('income', 'age', 'région', 'x'.repeat(70), '__proto__x', ''), fc.string({ maxLength: 12 }));
const featureValue = fc.oneof(fc.constant(null), fc.double(), fc.boolean(), fc.oneof(fc.constantFrom('north', 'south', 'é'.repeat(40)), fc.string({ maxLength: 80 })));
const prediction = fc.record({
  eventId: fc.string({ minLength: 1, maxLength: 20 }),
  modelId: fc.constantFrom('credit', 'fraud'),
  modelVersion: fc.constantFrom('v1', 'v2'),
  deploymentRole: fc.constantFrom('champion', 'challenger', 'shadow', 'canary'),
  requestId: fc.string({ maxLength: 20 }),
  predictionId: fc.string({ maxLength: 20 }),
  eventTime: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(0, 2 ** 52, -1, -(2 ** 52), 2 ** 28, 2 ** 35 + 1)),
  features: fc.dictionary(name, featureValue, { maxKeys: 25 }),
  prediction: fc.record({
    label: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    probabilities: fc.option(fc.dictionary(name, fc.double({ min: 0, max: 1 }), { maxKeys: 4 }), { nil: null }),
    value: fc.option(fc.double(), { nil: null }),
  }),
  attributes: fc.dictionary(name, fc.string({ maxLength: 10 }), { maxKeys: 4 }),
  latencyMs: fc.option(fc.double({ min: 0 }), { nil: null }),
});
const outcome = fc.record({
  eventId: fc.string({ minLength: 1, maxLength: 20 }),
  predictionId: fc.string({ maxLength: 20 }),
  modelId: fc.constantFrom('credit', 'fraud'),
  eventTime: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  label: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
  value: fc.option(fc.double(), { nil: null }),
});

/** Avro's zig-zag varint of a safe integer, as the spec writes it. */
function varint(n: number): number[] {
  let z = n >= 0 ? 2 * n : -2 * n - 1;
  const bytes: number[] = [];
  while (z >= 128) {
    bytes.push((z % 128) | 0x80);
    z = Math.floor(z / 128);
  }
  bytes.push(z);
  return bytes;
}
const text = (s: string): number[] => [...varint(Buffer.byteLength(s)), ...Buffer.from(s)];

describe('the compiled Avro reader', () => {
  it('reads random prediction and outcome events exactly as avsc does', () => {
    fc.assert(
      fc.property(prediction, outcome, (p, o) => {
        expectSameAsAvsc(predictionType, predictionType.toBuffer(p));
        expectSameAsAvsc(outcomeType, outcomeType.toBuffer(o));
      }),
      { numRuns: 500 },
    );
  });

  it('reads every damaged message (cut, extended, bytes changed) as avsc does, errors included', () => {
    fc.assert(
      fc.property(prediction, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('cut', 'extend', 'change'), (p, at, byte, how) => {
        const body = predictionType.toBuffer(p);
        const i = at % body.length;
        const damaged = how === 'cut' ? body.subarray(0, i) : how === 'extend' ? Buffer.concat([body, Buffer.from([byte])]) : Buffer.from(body).fill(byte, i, i + 1);
        expectSameAsAvsc(predictionType, damaged);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads odd but well-formed messages as avsc does: blocks with sizes, bad indexes, longs past 2^53', () => {
    const mapType = avro.Type.forSchema({ type: 'map', values: ['null', 'string'] });
    // A negative count is followed by the block's byte size.
    expectSameAsAvsc(mapType, Buffer.from([...varint(-2), ...varint(7), ...text('a'), ...varint(1), ...text('x'), ...text('b'), ...varint(0), ...varint(0)]));
    expectSameAsAvsc(mapType, Buffer.from([...varint(1), ...text('a'), ...varint(2), ...varint(0)]));
    const enumType = avro.Type.forSchema({ type: 'enum', name: 'E', symbols: ['a', 'b'] });
    expectSameAsAvsc(enumType, Buffer.from(varint(2)));
    expectSameAsAvsc(enumType, Buffer.from(varint(-1)));
    const longType = avro.Type.forSchema('long');
    expectSameAsAvsc(longType, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    expectSameAsAvsc(longType, Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]));
    expectSameAsAvsc(avro.Type.forSchema({ type: 'array', items: 'string' }), Buffer.from([...varint(-1), ...varint(2), ...text('z'), ...varint(0)]));
  });

  it('drops a "__proto__" map key, as zod does, instead of setting the map\'s prototype', () => {
    const mapType = avro.Type.forSchema({ type: 'map', values: ['null', 'string'] });
    const map = compiledAvroReader(mapType)!(Buffer.from([...varint(2), ...text('__proto__'), ...varint(0), ...text('a'), ...varint(1), ...text('x'), ...varint(0)])) as object;
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(map)).toEqual(['a']);
  });

  it('rejects a block that claims more entries than bytes are left, which avsc would loop over', () => {
    const mapOfNulls = avro.Type.forSchema({ type: 'map', values: 'null' });
    const arrayOfNulls = avro.Type.forSchema({ type: 'array', items: 'null' });
    for (const type of [mapOfNulls, arrayOfNulls]) {
      expect(() => compiledAvroReader(type)!(Buffer.from(varint(2 ** 34)))).toThrow(/a block of 17179869184 entries in 0 bytes/);
      expect(() => compiledAvroReader(type)!(Buffer.from([...varint(-(2 ** 40)), ...varint(3)]))).toThrow(AvroMessageError);
    }
  });

  it('reads bytes, fixed and wrapped unions as avsc does, so it can check any writer schema before avsc resolves it', () => {
    const type = avro.Type.forSchema(
      {
        type: 'record',
        name: 'Evolved',
        fields: [
          { name: 'blob', type: 'bytes' },
          { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
          { name: 'either', type: ['null', 'int', 'long', { type: 'record', name: 'Inner', fields: [{ name: 'x', type: 'string' }] }] },
          { name: 'list', type: { type: 'array', items: ['null', 'double'] } },
        ],
      },
      { wrapUnions: true },
    );
    const either = fc.oneof(fc.constant(null), fc.integer().map((int) => ({ int })), fc.integer().map((long) => ({ long })), fc.string().map((x) => ({ Inner: { x } })));
    const value = fc.record({
      blob: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)),
      hash: fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Buffer.from(b)),
      either,
      list: fc.array(fc.oneof(fc.constant(null), fc.double().map((double) => ({ double }))), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(value, fc.nat(), fc.integer({ min: 0, max: 255 }), (v, at, byte) => {
        const body = type.toBuffer(v);
        expectSameAsAvsc(type, body);
        expectSameAsAvsc(type, Buffer.from(body).fill(byte, at % body.length, (at % body.length) + 1));
      }),
      { numRuns: 1_000 },
    );
  });

  it('is not built for a logical type implemented in avsc, which avsc then reads alone', () => {
    class Passthrough extends avro.types.LogicalType {
      override _fromValue(value: unknown): unknown {
        return value;
      }
      override _toValue(value: unknown): unknown {
        return value;
      }
    }
    expect(compiledAvroReader(avro.Type.forSchema({ type: 'long', logicalType: 'passthrough' }, { logicalTypes: { passthrough: Passthrough } }))).toBeUndefined();
    expect(compiledAvroReader(predictionType)).toBeDefined();
  });
});
