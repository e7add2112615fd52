import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { readString, writeString } from './ascii-strings.js';

describe('checkpoint strings', () => {
  it('writes exactly the bytes of ByteWriter.string and reads back any well-formed string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ minLength: 250, maxLength: 300 })), (value) => {
        const fast = new ByteWriter();
        writeString(fast, value);
        const bytes = fast.finish();
        expect(bytes).toEqual(new ByteWriter().string(value).finish());
        expect(readString(new ByteReader(bytes, 'test'))).toBe(value);
        expect(new ByteReader(bytes, 'test').string()).toBe(value);
      }),
    );
  });

  it('rejects invalid UTF-8 with the reader’s error code', () => {
    const bytes = new ByteWriter().bytes(new Uint8Array([0xff, 0xfe])).finish();
    expect(() => readString(new ByteReader(bytes, 'test', 'CHECKPOINT_CORRUPT'))).toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT' }));
  });
});
