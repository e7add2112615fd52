import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_KINDS, EVENT_SCHEMAS } from '../../contracts/event-kinds.js';
import { loadAvroSchema } from './avro-schema-files.js';
import { shapeFromAvro, shapeFromJsonSchema, type Shape } from './schema-shape.js';

// The zod contracts and the .avsc files are two spellings of one contract; this keeps them equal.
function zodShape(kind: (typeof EVENT_KINDS)[number]): Shape {
  return shapeFromJsonSchema(z.toJSONSchema(EVENT_SCHEMAS[kind], { io: 'input', unrepresentable: 'any' }));
}

function containsUnsupported(shape: Shape): boolean {
  return JSON.stringify(shape).includes('"unsupported"');
}

describe.each(EVENT_KINDS)('the %s contract', (kind) => {
  it('has the same fields, types, optionality, enum symbols and defaults in zod and in Avro', () => {
    expect(shapeFromAvro(loadAvroSchema(kind))).toEqual(zodShape(kind));
  });

  it('is fully understood by the comparison on both sides (nothing is compared as opaque)', () => {
    expect(containsUnsupported(zodShape(kind))).toBe(false);
    expect(containsUnsupported(shapeFromAvro(loadAvroSchema(kind)))).toBe(false);
  });

  it('declares every nullable Avro field with null first and a default, as Avro requires for a null default', () => {
    const schema = loadAvroSchema(kind) as unknown as { fields: { name: string; type: unknown; default?: unknown }[] };
    for (const field of schema.fields) {
      if (Array.isArray(field.type) && field.type.includes('null')) {
        expect(field.type[0], field.name).toBe('null');
        expect(field.default, field.name).toBeNull();
      }
    }
  });
});

describe('the shape comparison', () => {
  it('notices a field whose optionality differs between the two sides', () => {
    const zodSide = shapeFromJsonSchema(z.toJSONSchema(z.strictObject({ a: z.string().nullable().default(null) }), { io: 'input' }));
    const avroSide = shapeFromAvro({ type: 'record', name: 'X', fields: [{ name: 'a', type: ['null', 'string'] }] });
    expect(avroSide).not.toEqual(zodSide);
  });

  it('notices an enum symbol missing on one side', () => {
    const zodSide = shapeFromJsonSchema(z.toJSONSchema(z.strictObject({ e: z.enum(['a', 'b']) }), { io: 'input' }));
    const avroSide = shapeFromAvro({ type: 'record', name: 'X', fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['a'] } }] });
    expect(avroSide).not.toEqual(zodSide);
  });

  it('notices an integer on one side and a double on the other', () => {
    const zodSide = shapeFromJsonSchema(z.toJSONSchema(z.strictObject({ n: z.number().int() }), { io: 'input' }));
    const avroSide = shapeFromAvro({ type: 'record', name: 'X', fields: [{ name: 'n', type: 'double' }] });
    expect(avroSide).not.toEqual(zodSide);
  });
});
