import { VigilError } from '../../shared/errors.js';

// Little-endian, length-prefixed binary encoding shared by window, profile and comparison
// states. Numbers are float64 so event times and counts round-trip exactly.

export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  u8(value: number): this {
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
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

  bytes(value: Uint8Array): this {
    this.u32(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(value: string): this {
    return this.bytes(new TextEncoder().encode(value));
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly input: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  /** Reads the leading version byte and rejects any version this code does not know. */
  version(expected: number): void {
    const found = this.u8();
    if (found !== expected) throw new VigilError('WINDOW_STATE_CORRUPT', `unknown ${this.what} version ${found}`, { expected, found });
  }

  u8(): number {
    this.need(1);
    const value = this.view.getUint8(this.offset);
    this.offset += 1;
    return value;
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

  bytes(): Uint8Array {
    const length = this.u32();
    this.need(length);
    const value = this.input.slice(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  string(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes());
  }

  /** Trailing bytes mean the input is not what we think it is. */
  end(): void {
    if (this.offset !== this.input.length) {
      throw new VigilError('WINDOW_STATE_CORRUPT', `${this.input.length - this.offset} unexpected trailing bytes in ${this.what}`);
    }
  }

  private need(count: number): void {
    if (this.offset + count > this.input.length) {
      throw new VigilError('WINDOW_STATE_CORRUPT', `${this.what} is truncated`, { offset: this.offset, needed: count });
    }
  }
}
