import { ByteReader, ByteWriter } from '../binary/byte-codec.js';

// Checkpoints hold hundreds of thousands of short ids and labels; TextEncoder/TextDecoder cost an
// allocation per string. ASCII strings are written byte by byte instead, which gives exactly the
// bytes of ByteWriter.string() (UTF-8 of ASCII is ASCII), so either reader can read them.

const MAX_FAST_LENGTH = 256;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function writeString(writer: ByteWriter, value: string): void {
  const length = value.length;
  if (length > MAX_FAST_LENGTH) {
    writer.string(value);
    return;
  }
  for (let i = 0; i < length; i++) {
    if (value.charCodeAt(i) >= 0x80) {
      writer.string(value);
      return;
    }
  }
  writer.varint(length);
  for (let i = 0; i < length; i++) writer.u8(value.charCodeAt(i));
}

export function readString(reader: ByteReader): string {
  const bytes = reader.bytes();
  if (bytes.length <= MAX_FAST_LENGTH) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if ((bytes[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode(...bytes);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw reader.fail('invalid UTF-8');
  }
}
