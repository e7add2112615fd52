import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, VigilError, isVigilError } from './errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documentedCodes = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => ({ code: m[1], status: Number(m[2]) }));

describe('the error catalogue', () => {
  it('documents every code with its HTTP status in docs/errors.md', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      const row = documentedCodes.find((d) => d.code === code);
      expect(row, `docs/errors.md lacks ${code}`).toBeDefined();
      expect(row?.status, code).toBe(entry.httpStatus);
    }
  });

  it('documents no code that the catalogue lacks', () => {
    const known = new Set(Object.keys(ERROR_CATALOGUE));
    expect(documentedCodes.filter((d) => d.code !== undefined && !known.has(d.code))).toEqual([]);
  });

  it('builds a message from the catalogue text and the reason', () => {
    const error = new VigilError('EVENT_SCHEMA_INVALID', 'prediction.value: must be a finite number');
    expect(error.message).toBe('The event does not match its schema: prediction.value: must be a finite number');
    expect(error.httpStatus).toBe(400);
    expect(isVigilError(error, 'EVENT_SCHEMA_INVALID')).toBe(true);
    expect(isVigilError(error, 'NOT_FOUND')).toBe(false);
    expect(isVigilError(new Error('plain'))).toBe(false);
  });

  it('freezes the detail so a handler cannot alter it', () => {
    const error = new VigilError('NOT_FOUND', 'model x', { modelId: 'x' });
    expect(Object.isFrozen(error.detail)).toBe(true);
  });
});
