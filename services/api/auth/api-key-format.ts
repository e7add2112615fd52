import { randomBytes } from 'node:crypto';

const PREFIX = 'vgl_';
/** Key ids are lowercase hex so the first `_` after the prefix always ends them (secrets may hold `_`). */
const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;
/** 32 random bytes in base64url are 43 characters; shorter secrets were never issued. */
const MIN_SECRET_LENGTH = 43;

export interface ParsedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

export function isKeyId(value: string): boolean {
  return KEY_ID_PATTERN.test(value);
}

/** A fresh key `vgl_<keyId>_<secret>`: 8 random bytes of id (hex), 32 random bytes of secret (base64url). */
export function generateApiKey(): { readonly keyId: string; readonly secret: string; readonly key: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `${PREFIX}${keyId}_${secret}` };
}

/** Null for anything that is not a well-formed key (the caller answers UNAUTHORIZED). */
export function parseApiKey(presented: string): ParsedApiKey | null {
  if (!presented.startsWith(PREFIX)) return null;
  const rest = presented.slice(PREFIX.length);
  const split = rest.indexOf('_');
  if (split < 0) return null;
  const keyId = rest.slice(0, split);
  const secret = rest.slice(split + 1);
  if (!isKeyId(keyId) || secret.length < MIN_SECRET_LENGTH || secret.length > 256 || !/^[A-Za-z0-9_-]+$/.test(secret)) return null;
  return { keyId, secret };
}
