import { z } from 'zod';
import { VigilError } from '../shared/errors.js';

/**
 * Opaque cursors: base64url of a small JSON value. Clients pass them back unchanged; a cursor
 * that does not decode to the expected shape is a 400 VALIDATION_FAILED naming `cursor`.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, shape: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw invalidCursor();
  return result.data;
}

function invalidCursor(): VigilError {
  return new VigilError('VALIDATION_FAILED', 'querystring/cursor: the cursor is not one this API issued', { field: 'cursor' });
}

/** `limit` (1…maxPageSize, default min(100, max)) and `cursor` for every list endpoint. */
export function pageQueryFields(maxPageSize: number) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxPageSize)
      .default(Math.min(100, maxPageSize))
      .describe(`Page size, at most ${maxPageSize}`),
    cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page\'s nextCursor'),
  };
}

/** Every list answers `{ items, nextCursor }`; nextCursor is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
