import type avro from 'avsc';

// A reader for the Avro binary encoding of one avsc Type, compiled once into closures, for the
// processor's hot path. Two reasons not to leave it to avsc:
// - avsc trusts a map's or array's block count: a damaged message that claims 2^34 entries of a
//   type that takes no bytes (null) keeps it looping for hours, and the partition with it. This
//   reader rejects a block that claims more entries than bytes are left.
// - avsc decodes every map key into a new string (20 feature names per prediction: a fifth of
//   the fold's time, and garbage). This reader interns map keys and short map values.
// For every well-formed message it returns what avsc returns (plain objects for records); a
// damaged one throws an AvroMessageError saying what is wrong.

type Read = (cursor: Cursor) => unknown;

class Cursor {
  pos = 0;
  /** Position of the map entry being read (2i for its key, 2i + 1 for strings in its value). */
  entry = 0;
  constructor(readonly buf: Buffer) {}
}

/** The message is not a well-formed encoding of the type. */
export class AvroMessageError extends Error {}

const TRUNCATED = 'truncated buffer';
const MAX_SAFE_LONG = 2 ** 53 - 2;
const MIN_SAFE_LONG = -(2 ** 53) + 2;

/** Map keys and values longer than this are not interned (unique strings would only fill the table). */
const MAX_INTERNED_BYTES = 64;
const MAX_INTERNED_STRINGS = 8_192;
/** Entries of a map whose previous string is remembered (more than any event's features). */
const MAX_REMEMBERED_ENTRIES = 1_024;

interface Interned {
  readonly bytes: Buffer;
  readonly text: string;
}

/**
 * Strings by their UTF-8 bytes, one table per map, so feature names and category values hit it.
 * Messages of one model list their features in the same order, so the string read at the same
 * entry of the previous map is tried first, then a hash of the bytes.
 */
class StringTable {
  readonly #byHash = new Map<number, Interned>();
  readonly #byEntry: (Interned | undefined)[] = [];

  /** `entry`: the position in the map (keys and values count separately). */
  read(cursor: Cursor, entry: number): string {
    const { buf } = cursor;
    const start = stepOverSized(cursor, 'string');
    const end = cursor.pos;
    const length = end - start;
    if (length > MAX_INTERNED_BYTES) return buf.toString('utf8', start, end);
    const previous = this.#byEntry[entry];
    if (previous !== undefined && previous.bytes.length === length && sameBytes(previous.bytes, buf, start)) return previous.text;
    let hash = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
    let known = this.#byHash.get(hash);
    if (known === undefined || known.bytes.length !== length || !sameBytes(known.bytes, buf, start)) {
      known = { bytes: Buffer.from(buf.subarray(start, end)), text: buf.toString('utf8', start, end) };
      if (this.#byHash.size >= MAX_INTERNED_STRINGS) this.#byHash.clear();
      this.#byHash.set(hash, known);
    }
    if (entry < MAX_REMEMBERED_ENTRIES) this.#byEntry[entry] = known;
    return known.text;
  }
}

function sameBytes(known: Buffer, buf: Buffer, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}

/** A zig-zag varint of at most 10 bytes; beyond 2^53 the sum is a rounded double (see 'long'). */
function readLong(cursor: Cursor): number {
  const { buf } = cursor;
  let pos = cursor.pos;
  let value = 0;
  let scale = 1;
  for (let bytes = 1; ; bytes++) {
    if (pos >= buf.length) throw new AvroMessageError(TRUNCATED);
    if (bytes > 10) throw new AvroMessageError('a long longer than 10 bytes');
    const byte = buf[pos++] as number;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  cursor.pos = pos;
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Steps over `length` bytes; returns where they start. */
function stepOver(cursor: Cursor, length: number): number {
  const start = cursor.pos;
  if (start + length > cursor.buf.length) throw new AvroMessageError(TRUNCATED);
  cursor.pos = start + length;
  return start;
}

/** Steps over a string's or bytes' length prefix and content; returns where the content starts. */
function stepOverSized(cursor: Cursor, what: 'string' | 'bytes'): number {
  const length = readLong(cursor);
  if (length < 0) throw new AvroMessageError(`negative ${what} length ${length}`);
  return stepOver(cursor, length);
}

function readString(cursor: Cursor): string {
  const start = stepOverSized(cursor, 'string');
  return cursor.buf.toString('utf8', start, cursor.pos);
}

/** Bytes copied out of the message (avsc copies too: a value must not pin the batch). */
function readCopy(cursor: Cursor, start: number): Buffer {
  return Buffer.from(cursor.buf.subarray(start, cursor.pos));
}

function readFixedWidth(cursor: Cursor, width: 4 | 8): number {
  const start = stepOver(cursor, width);
  return width === 8 ? cursor.buf.readDoubleLE(start) : cursor.buf.readFloatLE(start);
}

/**
 * Maps and arrays come in blocks: a count (negative: followed by the block's byte size), 0 ends.
 * Every entry takes at least one byte (a map key's length; an array of nulls is the exception no
 * schema of ours has), so a count beyond the bytes left is a damaged message, not a long loop.
 */
function readBlockCount(cursor: Cursor): number {
  let count = readLong(cursor);
  if (count < 0) {
    count = -count;
    readLong(cursor);
  }
  if (count > cursor.buf.length - cursor.pos) throw new AvroMessageError(`a block of ${count} entries in ${cursor.buf.length - cursor.pos} bytes`);
  return count;
}

interface AvscTypeView {
  readonly typeName: string;
  readonly fields?: readonly { readonly name: string; readonly type: avro.Type }[];
  readonly symbols?: readonly string[];
  readonly types?: readonly avro.Type[];
  readonly valuesType?: avro.Type;
  readonly itemsType?: avro.Type;
  readonly size?: number;
  readonly branchName?: string;
}

/** `table`: strings read here are map values, worth interning. Undefined when a type is not supported. */
function compile(type: avro.Type, table: StringTable | undefined): Read | undefined {
  const view = type as unknown as AvscTypeView;
  switch (view.typeName) {
    case 'null':
      return () => null;
    case 'boolean':
      return (cursor) => cursor.buf[stepOver(cursor, 1)] !== 0;
    case 'int':
      return readLong;
    case 'long':
      return (cursor) => {
        const value = readLong(cursor);
        // As avsc: a long near or past what a double holds exactly is refused, not rounded.
        if (value < MIN_SAFE_LONG || value > MAX_SAFE_LONG) throw new AvroMessageError('potential precision loss');
        return value;
      };
    case 'float':
      return (cursor) => readFixedWidth(cursor, 4);
    case 'double':
      return (cursor) => readFixedWidth(cursor, 8);
    case 'string':
      return table === undefined ? readString : (cursor) => table.read(cursor, cursor.entry);
    case 'enum':
      return compileEnum(view.symbols ?? []);
    case 'bytes':
      return (cursor) => readCopy(cursor, stepOverSized(cursor, 'bytes'));
    case 'fixed': {
      const size = view.size ?? 0;
      return (cursor) => readCopy(cursor, stepOver(cursor, size));
    }
    case 'union:unwrapped':
      return compileUnion(view.types ?? [], table);
    case 'union:wrapped':
      return compileWrappedUnion(view.types ?? [], table);
    case 'record':
      return compileRecord(view.fields ?? [], table);
    case 'map':
      return view.valuesType === undefined ? undefined : compileMap(view.valuesType);
    case 'array':
      return view.itemsType === undefined ? undefined : compileArray(view.itemsType, table);
    default:
      // Logical types with an implementation registered: avsc's.
      return undefined;
  }
}

function compileEnum(symbols: readonly string[]): Read {
  return (cursor) => {
    const index = readLong(cursor);
    const symbol = symbols[index];
    if (symbol === undefined) throw new AvroMessageError(`invalid enum index: ${index}`);
    return symbol;
  };
}

function compileUnion(types: readonly avro.Type[], table: StringTable | undefined): Read | undefined {
  const branches = types.map((t) => compile(t, table));
  if (!branches.every((b): b is Read => b !== undefined)) return undefined;
  return (cursor) => {
    const index = readLong(cursor);
    const branch = branches[index];
    if (branch === undefined) throw new AvroMessageError(`invalid union index: ${index}`);
    return branch(cursor);
  };
}

/** avsc's wrapped form: null for the null branch, else `{ [branch name]: value }`. */
function compileWrappedUnion(types: readonly avro.Type[], table: StringTable | undefined): Read | undefined {
  const branches = types.map((t) => compile(t, table));
  if (!branches.every((b): b is Read => b !== undefined)) return undefined;
  const names = types.map((t) => ((t as unknown as AvscTypeView).typeName === 'null' ? undefined : (t as unknown as AvscTypeView).branchName));
  return (cursor) => {
    const index = readLong(cursor);
    const branch = branches[index];
    if (branch === undefined) throw new AvroMessageError(`invalid union index: ${index}`);
    const value = branch(cursor);
    const name = names[index];
    return name === undefined ? null : { [name]: value };
  };
}

function compileRecord(fields: readonly { readonly name: string; readonly type: avro.Type }[], table: StringTable | undefined): Read | undefined {
  const readers = fields.map((f) => compile(f.type, table));
  if (!readers.every((r): r is Read => r !== undefined)) return undefined;
  const names = fields.map((f) => f.name);
  return (cursor) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < readers.length; i++) record[names[i] as string] = (readers[i] as Read)(cursor);
    return record;
  };
}

function compileMap(valuesType: avro.Type): Read | undefined {
  const table = new StringTable();
  const readValue = compile(valuesType, table);
  if (readValue === undefined) return undefined;
  return (cursor) => {
    const map: Record<string, unknown> = {};
    const outer = cursor.entry;
    let entry = 0;
    for (;;) {
      let count = readBlockCount(cursor);
      if (count === 0) break;
      for (; count > 0; count--, entry++) {
        const key = table.read(cursor, 2 * entry);
        cursor.entry = 2 * entry + 1;
        const value = readValue(cursor);
        // Assigned, it would set the map's prototype (avsc does that); zod drops the key anyway.
        if (key !== '__proto__') map[key] = value;
      }
    }
    cursor.entry = outer;
    return map;
  };
}

function compileArray(itemsType: avro.Type, table: StringTable | undefined): Read | undefined {
  const readItem = compile(itemsType, table);
  if (readItem === undefined) return undefined;
  return (cursor) => {
    const items: unknown[] = [];
    for (let count = readBlockCount(cursor); count > 0; count = readBlockCount(cursor)) {
      for (; count > 0; count--) items.push(readItem(cursor));
    }
    return items;
  };
}

/**
 * Reads a whole message of `type`: the value avsc's `fromBuffer` returns for well-formed ones;
 * an AvroMessageError for damaged ones. Undefined when the type uses a logical type with an
 * implementation registered in avsc (Vigil registers none).
 */
export function compiledAvroReader(type: avro.Type): ((body: Buffer) => unknown) | undefined {
  const read = compile(type, undefined);
  if (read === undefined) return undefined;
  return (body) => {
    const cursor = new Cursor(body);
    const value = read(cursor);
    if (cursor.pos !== body.length) throw new AvroMessageError('trailing data');
    return value;
  };
}
