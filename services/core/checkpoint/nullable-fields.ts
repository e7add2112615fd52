import type { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { readString, writeString } from './ascii-strings.js';

// Presence byte + value, for the nullable fields of the payloads a checkpoint holds.

export function writeNullableString(writer: ByteWriter, value: string | null): void {
  writer.u8(value === null ? 0 : 1);
  if (value !== null) writeString(writer, value);
}

export function readNullableString(reader: ByteReader): string | null {
  return presence(reader) ? readString(reader) : null;
}

export function writeNullableNumber(writer: ByteWriter, value: number | null): void {
  writer.u8(value === null ? 0 : 1);
  if (value !== null) writer.f64(value);
}

export function readNullableNumber(reader: ByteReader): number | null {
  return presence(reader) ? reader.f64() : null;
}

/** Entries in insertion order, which later iteration (and so floating-point sums) may depend on. */
export function writeRecord<T>(writer: ByteWriter, record: Readonly<Record<string, T>>, writeValue: (value: T) => void): void {
  const keys = Object.keys(record);
  writer.varint(keys.length);
  for (const key of keys) {
    writeString(writer, key);
    writeValue(record[key] as T);
  }
}

export function readRecord<T>(reader: ByteReader, readValue: () => T): Record<string, T> {
  const record: Record<string, T> = {};
  const count = reader.varint();
  for (let i = 0; i < count; i++) {
    const key = readString(reader);
    record[key] = readValue();
  }
  return record;
}

function presence(reader: ByteReader): boolean {
  const flag = reader.u8();
  if (flag > 1) throw reader.fail(`invalid presence byte ${flag}`);
  return flag === 1;
}
