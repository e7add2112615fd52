import avro from 'avsc';

// Vigil's schema evolution rules (schemas/README.md), stricter than Avro's own resolution:
// a change must let new readers read old data AND old readers read new data, so producers
// and the processor can be upgraded in either order.

export type EvolutionRule =
  | 'name-changed'
  | 'field-removed'
  | 'field-added-without-default'
  | 'type-changed'
  | 'default-changed'
  | 'enum-symbols-changed'
  | 'enum-symbol-appended-without-default'
  | 'unreadable-by-new-readers'
  | 'unreadable-by-old-readers';

export interface EvolutionProblem {
  /** Dotted path of the field or type the rule is about ('' = the top-level record). */
  readonly path: string;
  readonly rule: EvolutionRule;
  readonly message: string;
}

type Json = Record<string, unknown>;
type Named = Map<string, Json>;
const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a reference to a named type defined earlier in the same schema. */
function deref(schema: unknown, named: Named): unknown {
  return typeof schema === 'string' && !PRIMITIVES.has(schema) ? (named.get(schema) ?? schema) : schema;
}

function remember(schema: Json, named: Named): void {
  if (typeof schema.name !== 'string') return;
  named.set(schema.name, schema);
  if (typeof schema.namespace === 'string') named.set(`${schema.namespace}.${schema.name}`, schema);
}

/** A one-line description of a type's kind, e.g. `long(timestamp-millis)`, `record`, `union`. */
function kindOf(schema: unknown): string {
  if (Array.isArray(schema)) return 'union';
  if (typeof schema === 'string') return schema;
  if (!isObject(schema)) return JSON.stringify(schema);
  const type = typeof schema.type === 'string' ? schema.type : kindOf(schema.type);
  return typeof schema.logicalType === 'string' ? `${type}(${schema.logicalType})` : type;
}

interface Walk {
  readonly before: Named;
  readonly after: Named;
  readonly problems: EvolutionProblem[];
}

function compareTypes(previous: unknown, next: unknown, path: string, walk: Walk): void {
  const before = deref(previous, walk.before);
  const after = deref(next, walk.after);
  const add = (rule: EvolutionRule, message: string): void => {
    walk.problems.push({ path, rule, message });
  };
  if (kindOf(before) !== kindOf(after)) {
    add('type-changed', `type changed from ${kindOf(before)} to ${kindOf(after)}`);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) add('type-changed', `union changed from ${before.length} to ${after.length} branches`);
    before.forEach((member, i) => {
      if (i < after.length) compareTypes(member, after[i], path, walk);
    });
    return;
  }
  if (!isObject(before) || !isObject(after)) return;
  remember(before, walk.before);
  remember(after, walk.after);
  if ((before.name ?? null) !== (after.name ?? null)) add('name-changed', `type name changed from ${String(before.name)} to ${String(after.name)}`);
  switch (before.type) {
    case 'record':
      compareRecords(before, after, path, walk);
      return;
    case 'enum':
      compareEnums(before, after, add);
      return;
    case 'map':
      compareTypes(before.values, after.values, `${path}{}`, walk);
      return;
    case 'array':
      compareTypes(before.items, after.items, `${path}[]`, walk);
      return;
  }
}

function compareRecords(before: Json, after: Json, path: string, walk: Walk): void {
  const join = (name: string): string => (path === '' ? name : `${path}.${name}`);
  const beforeFields = before.fields as Json[];
  const afterFields = new Map((after.fields as Json[]).map((f) => [f.name as string, f]));
  for (const field of beforeFields) {
    const name = field.name as string;
    const successor = afterFields.get(name);
    if (successor === undefined) {
      walk.problems.push({ path: join(name), rule: 'field-removed', message: 'a field was removed or renamed' });
      continue;
    }
    if ('default' in field && JSON.stringify(field.default) !== JSON.stringify(successor.default)) {
      walk.problems.push({ path: join(name), rule: 'default-changed', message: 'the default changed or was removed' });
    }
    compareTypes(field.type, successor.type, join(name), walk);
  }
  const existing = new Set(beforeFields.map((f) => f.name as string));
  for (const [name, field] of afterFields) {
    if (!existing.has(name) && !('default' in field)) {
      walk.problems.push({ path: join(name), rule: 'field-added-without-default', message: 'a new field must have a default' });
    }
  }
}

function compareEnums(before: Json, after: Json, add: (rule: EvolutionRule, message: string) => void): void {
  const old = before.symbols as string[];
  const next = after.symbols as string[];
  if (next.length < old.length || old.some((symbol, i) => next[i] !== symbol)) {
    add('enum-symbols-changed', `enum symbols may only be appended: [${old.join(', ')}] became [${next.join(', ')}]`);
  } else if (next.length > old.length && before.default === undefined) {
    add('enum-symbol-appended-without-default', 'old readers cannot read an appended symbol: the previous enum declares no default');
  }
}

function resolves(reader: avro.Type, writer: avro.Type): string | null {
  try {
    reader.createResolver(writer);
    return null;
  } catch (cause) {
    return (cause as Error).message;
  }
}

/** Every rule a change from `previous` to `next` breaks; empty when the change is safe. */
export function checkSchemaEvolution(previous: object, next: object): EvolutionProblem[] {
  const walk: Walk = { before: new Map(), after: new Map(), problems: [] };
  compareTypes(previous, next, '', walk);
  if (walk.problems.length > 0) return walk.problems;
  // Safety net for anything the rules above do not model: ask Avro itself, both directions.
  const oldType = avro.Type.forSchema(previous as avro.Schema);
  const newType = avro.Type.forSchema(next as avro.Schema);
  const backward = resolves(newType, oldType);
  const forward = resolves(oldType, newType);
  if (backward !== null) walk.problems.push({ path: '', rule: 'unreadable-by-new-readers', message: backward });
  if (forward !== null) walk.problems.push({ path: '', rule: 'unreadable-by-old-readers', message: forward });
  return walk.problems;
}
