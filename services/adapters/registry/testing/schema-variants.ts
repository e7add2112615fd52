// Test support: hypothetical next versions of a schema, one per kind of change the
// evolution rules allow or forbid. Shared by the unit tests and the registry integration test.
import type { AvroSchemaJson } from '../avro-schema-files.js';

type Field = Record<string, unknown> & { name: string; type: unknown };
type RecordSchema = AvroSchemaJson & { readonly fields: Field[] };

function copy(schema: AvroSchemaJson): RecordSchema {
  return structuredClone(schema) as RecordSchema;
}

function mapField(schema: AvroSchemaJson, name: string, change: (field: Field) => Field | null): RecordSchema {
  const next = copy(schema);
  const fields = next.fields.flatMap((field) => {
    if (field.name !== name) return [field];
    const changed = change(field);
    return changed === null ? [] : [changed];
  });
  return { ...next, fields };
}

export const withOptionalField = (schema: AvroSchemaJson, name = 'servingRegion'): RecordSchema => {
  const next = copy(schema);
  return { ...next, fields: [...next.fields, { name, type: ['null', 'string'], default: null }] };
};

export const withRequiredField = (schema: AvroSchemaJson, name = 'tenantId'): RecordSchema => {
  const next = copy(schema);
  return { ...next, fields: [...next.fields, { name, type: 'string' }] };
};

export const withFieldType = (schema: AvroSchemaJson, name: string, type: unknown): RecordSchema =>
  mapField(schema, name, (field) => ({ ...field, type }));

export const withoutField = (schema: AvroSchemaJson, name: string): RecordSchema => mapField(schema, name, () => null);

export const withFieldRenamed = (schema: AvroSchemaJson, name: string, newName: string): RecordSchema =>
  mapField(schema, name, (field) => ({ ...field, name: newName }));

export const withFieldDefault = (schema: AvroSchemaJson, name: string, value: unknown): RecordSchema =>
  mapField(schema, name, (field) => ({ ...field, default: value }));

/** Replaces the symbols (and optionally the default) of the enum type of field `name`. */
export const withEnumSymbols = (schema: AvroSchemaJson, name: string, symbols: string[], enumDefault?: string): RecordSchema =>
  mapField(schema, name, (field) => {
    const type = { ...(field.type as Record<string, unknown>), symbols };
    return { ...field, type: enumDefault === undefined ? type : { ...type, default: enumDefault } };
  });
