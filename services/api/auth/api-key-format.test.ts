import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey } from './api-key-format.js';

describe('API key format', () => {
  it('parses the keys it generates back into id and secret, also when the secret holds underscores', () => {
    for (let i = 0; i < 200; i++) {
      const generated = generateApiKey();
      expect(generated.key).toMatch(/^vgl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(parseApiKey(generated.key)).toEqual({ keyId: generated.keyId, secret: generated.secret });
    }
  });

  it.each(['', 'vgl_', 'abc_0123456789abcdef_' + 'x'.repeat(43), 'vgl_XYZ_' + 'x'.repeat(43), 'vgl_0123456789abcdef_short', 'vgl_0123456789abcdef_' + 'x'.repeat(42) + '!'])(
    'refuses the malformed key %j',
    (key) => {
      expect(parseApiKey(key)).toBeNull();
    },
  );
});
