import { describe, expect, it } from 'vitest';
import { expectSameBytes } from './expect-same-bytes.js';

describe('expectSameBytes', () => {
  it('accepts equal bytes', () => {
    expect(() => { expectSameBytes(Uint8Array.from([1, 2, 3]), Uint8Array.from([1, 2, 3])); }).not.toThrow();
  });

  it('names the first differing offset', () => {
    expect(() => { expectSameBytes(Uint8Array.from([1, 9, 3]), Uint8Array.from([1, 2, 3])); }).toThrow('bytes differ at offset 1 of 3: 9 instead of 2');
  });

  it('fails when one array is a prefix of the other', () => {
    expect(() => { expectSameBytes(Uint8Array.from([1, 2]), Uint8Array.from([1, 2, 3])); }).toThrow('2 bytes instead of 3');
  });
});
