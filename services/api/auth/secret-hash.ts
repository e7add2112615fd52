import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Production cost (N=2^15, r=8, p=1: 32 MiB and tens of milliseconds, slow on purpose against guessing). */
export const SCRYPT_COST: ScryptCost = Object.freeze({ N: 32_768, r: 8, p: 1 });
const HASH_BYTES = 32;
/** The cost travels with the hash (`scrypt$N$r$p$<base64>`), so it can be raised without breaking old keys. */
const ENCODED = /^scrypt\$(\d{1,7})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})$/;

function scryptAsync(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, HASH_BYTES, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (error, derived) => {
      if (error === null) resolve(derived);
      else reject(error);
    });
  });
}

export interface SecretHash {
  /** `scrypt$N$r$p$<base64 of the derived key>`. */
  readonly hash: string;
  /** base64 of 16 random bytes. */
  readonly salt: string;
}

export async function hashSecret(secret: string, cost: ScryptCost = SCRYPT_COST): Promise<SecretHash> {
  const salt = randomBytes(16);
  const derived = await scryptAsync(secret, salt, cost);
  return { hash: `scrypt$${cost.N}$${cost.r}$${cost.p}$${derived.toString('base64')}`, salt: salt.toString('base64') };
}

function decode(hash: string): { readonly cost: ScryptCost; readonly expected: Buffer } | null {
  const match = ENCODED.exec(hash);
  if (match === null) return null;
  const cost = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const powerOfTwo = cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  if (!powerOfTwo || cost.r < 1 || cost.p < 1 || cost.N > 1_048_576) return null;
  return { cost, expected: Buffer.from(match[4] ?? '', 'base64') };
}

/**
 * Recomputes the hash and compares it in constant time. A corrupt stored hash still costs one
 * scrypt at the production cost and one comparison, so timing does not tell it apart.
 */
export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const decoded = decode(stored.hash);
  const derived = await scryptAsync(secret, Buffer.from(stored.salt, 'base64'), decoded?.cost ?? SCRYPT_COST);
  const expected = decoded?.expected;
  const comparable = expected?.length === derived.length ? expected : Buffer.alloc(derived.length);
  return timingSafeEqual(derived, comparable) && comparable === expected;
}
