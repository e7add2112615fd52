import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { hashSecret, verifySecret } = await import('./secret-hash.js');
// Low cost keeps the test fast; production uses SCRYPT_PARAMETERS.
const FAST = { N: 1024, r: 8, p: 1 };

describe('secret hashing', () => {
  it('stores a salted hash that differs for the same secret and never contains it', async () => {
    const a = await hashSecret('correct horse battery staple', FAST);
    const b = await hashSecret('correct horse battery staple', FAST);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).not.toContain('correct');
    expect(a.hash.startsWith('scrypt$1024$8$1$')).toBe(true);
  });

  it('accepts the secret and rejects one that differs in its last character', async () => {
    const stored = await hashSecret('s3cret-value-A', FAST);
    expect(await verifySecret('s3cret-value-A', stored)).toBe(true);
    expect(await verifySecret('s3cret-value-B', stored)).toBe(false);
  });

  it('compares through timingSafeEqual, also when the stored hash is corrupt', async () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    compare.mockClear();
    const stored = await hashSecret('another secret', FAST);
    expect(await verifySecret('wrong secret', stored)).toBe(false);
    expect(await verifySecret('another secret', { hash: 'scrypt$1024$8$1$c2hvcnQ=', salt: stored.salt })).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it('verifies with the cost stored in the hash, and refuses a hash it cannot read', async () => {
    const stored = await hashSecret('costly', { N: 2048, r: 4, p: 1 });
    expect(stored.hash.startsWith('scrypt$2048$4$1$')).toBe(true);
    expect(await verifySecret('costly', stored)).toBe(true);
    expect(await verifySecret('costly', { hash: stored.hash.replace('scrypt$2048', 'scrypt$2047'), salt: stored.salt })).toBe(false);
  });
});
