/**
 * Byte-for-byte equality that fails with a one-line message. `expect(a).toEqual(b)` on large
 * Uint8Arrays builds a full diff on every failure, and inside a shrinking property test that
 * diff is built hundreds of times: a failure then looks like a hang.
 */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  const length = Math.min(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    if (actual[i] !== expected[i]) {
      throw new Error(`bytes differ at offset ${i} of ${expected.length}: ${actual[i]} instead of ${expected[i]}`);
    }
  }
  if (actual.length !== expected.length) throw new Error(`${actual.length} bytes instead of ${expected.length}`);
}
