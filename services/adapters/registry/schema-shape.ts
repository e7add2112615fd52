// A common, order-aware description of a schema's structure, built from either an Avro
// schema or a JSON Schema (as exported by zod), so the two can be compared for equality.

export type Shape =
  | { readonly type: 'string' | 'double' | 'long' | 'int' | 'float' | 'boolean' | 'null' | 'bytes' }
  | { readonly type: 'enum'; readonly symbols: readonly string[] }
  | { readonly type: 'map'; readonly values: Shape }
  | { readonly type: 'array'; readonly items: Shape }
  | { readonly type: 'record'; readonly fields: readonly FieldShape[] }
  | { readonly type: 'union'; readonly members: readonly Shape[] }
  | { readonly type: 'unsupported'; readonly source: string };

export interface FieldShape {
  readonly name: string;
  readonly optional: boolean;
  /** Present only when the field declares a default. */
  readonly default?: unknown;
  readonly shape: Shape;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function union(members: Shape[]): Shape {
  const flat = members.flatMap((m) => (m.type === 'union' ? m.members : [m]));
  if (flat.length === 1 && flat[0] !== undefined) return flat[0];
  // Order of union branches carries no meaning on the zod side, so compare them as a set.
  return { type: 'union', members: [...flat].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
}

/** Named Avro types seen so far, so a later reference by name resolves. */
type NamedTypes = Map<string, Shape>;

export function shapeFromAvro(schema: unknown, named: NamedTypes = new Map()): Shape {
  if (typeof schema === 'string') {
    const known = named.get(schema);
    if (known !== undefined) return known;
    const primitives = ['string', 'double', 'long', 'int', 'float', 'boolean', 'null', 'bytes'] as const;
    const primitive = primitives.find((p) => p === schema);
    return primitive === undefined ? { type: 'unsupported', source: schema } : { type: primitive };
  }
  if (Array.isArray(schema)) return union(schema.map((s) => shapeFromAvro(s, named)));
  if (!isObject(schema)) return { type: 'unsupported', source: JSON.stringify(schema) };
  const remember = (shape: Shape): Shape => {
    if (typeof schema.name === 'string') named.set(schema.name, shape);
    return shape;
  };
  switch (schema.type) {
    case 'enum':
      return remember({ type: 'enum', symbols: schema.symbols as string[] });
    case 'map':
      return { type: 'map', values: shapeFromAvro(schema.values, named) };
    case 'array':
      return { type: 'array', items: shapeFromAvro(schema.items, named) };
    case 'record': {
      const fields = (schema.fields as Json[]).map((field): FieldShape => {
        const shape = shapeFromAvro(field.type, named);
        const name = field.name as string;
        return 'default' in field ? { name, optional: true, default: field.default, shape } : { name, optional: false, shape };
      });
      return remember({ type: 'record', fields });
    }
    default:
      // A primitive written as an object, e.g. { type: 'long', logicalType: 'timestamp-millis' }.
      return shapeFromAvro(schema.type, named);
  }
}

function jsonPrimitive(type: unknown, schema: Json): Shape {
  switch (type) {
    case 'string':
      return Array.isArray(schema.enum) ? { type: 'enum', symbols: schema.enum as string[] } : { type: 'string' };
    case 'number':
      return { type: 'double' };
    case 'integer':
      return { type: 'long' };
    case 'boolean':
      return { type: 'boolean' };
    case 'null':
      return { type: 'null' };
    case 'object': {
      if (isObject(schema.properties)) {
        const required = new Set((schema.required as string[] | undefined) ?? []);
        const fields = Object.entries(schema.properties).map(([name, property]): FieldShape => {
          const shape = shapeFromJsonSchema(property);
          const optional = !required.has(name);
          return isObject(property) && 'default' in property ? { name, optional, default: property.default, shape } : { name, optional, shape };
        });
        return { type: 'record', fields };
      }
      return { type: 'map', values: shapeFromJsonSchema(schema.additionalProperties) };
    }
    case 'array':
      return { type: 'array', items: shapeFromJsonSchema(schema.items) };
    default:
      return { type: 'unsupported', source: JSON.stringify(schema) };
  }
}

/** Reads the subset of JSON Schema that z.toJSONSchema emits for our contracts. */
export function shapeFromJsonSchema(schema: unknown): Shape {
  if (!isObject(schema)) return { type: 'unsupported', source: JSON.stringify(schema) };
  if (Array.isArray(schema.anyOf)) return union(schema.anyOf.map(shapeFromJsonSchema));
  if (Array.isArray(schema.oneOf)) return union(schema.oneOf.map(shapeFromJsonSchema));
  if (Array.isArray(schema.type)) return union(schema.type.map((t) => jsonPrimitive(t, schema)));
  return jsonPrimitive(schema.type, schema);
}
