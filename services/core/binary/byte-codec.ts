import { VigilError, type ErrorCode } from '../../shared/errors.js';

// Little-endian binary encoding shared by every serialize()/deserialize() of the core:
// sketches, accumulators, profiles, windows and comparisons. Varints are unsigned LEB128
// computed with arithmetic (not bit operators) so counts up to Number.MAX_SAFE_INTEGER
// round-trip exactly; lengths are varints.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  f64(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  u32(value: number): this {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
    return this;
  }

  varint(value: number): this {
    let rest = value;
    this.reserve(8);
    while (rest >= 0x80) {
      this.u8((rest % 0x80) + 0x80);
      rest = Math.floor(rest / 0x80);
    }
    return this.u8(rest);
  }

  bytes(value: Uint8Array): this {
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(value: string): this {
    return this.bytes(textEncoder.encode(value));
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ByteReader {
  private readonly view: DataView;
  private offset = 0;

  /** `what` names the state in error messages; `code` is the catalogue code of every failure. */
  constructor(
    private readonly input: Uint8Array,
    private readonly what: string,
    private readonly code: ErrorCode = 'SKETCH_UNDECODABLE',
  ) {
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  fail(reason: string): VigilError {
    return new VigilError(this.code, `${this.what}: ${reason}`, { what: this.what, offset: this.offset });
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.input.length) throw this.fail('truncated input');
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      value += (byte % 0x80) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
      if (scale > Number.MAX_SAFE_INTEGER) throw this.fail('varint too long');
    }
    if (value > Number.MAX_SAFE_INTEGER) throw this.fail('varint out of range');
    return value;
  }

  bytes(): Uint8Array {
    const length = this.varint();
    this.need(length);
    const value = this.input.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  string(): string {
    try {
      return textDecoder.decode(this.bytes());
    } catch (error) {
      if (error instanceof VigilError) throw error;
      throw this.fail('invalid UTF-8');
    }
  }

  /** Reads the leading version byte and rejects any other version. */
  version(expected: number): void {
    const found = this.u8();
    if (found !== expected) throw this.fail(`unsupported version ${found} (expected ${expected})`);
  }

  /** Rejects trailing bytes, which mean the input is not what we think it is. */
  end(): void {
    if (this.offset !== this.input.length) throw this.fail(`${this.input.length - this.offset} unexpected trailing bytes`);
  }
}
