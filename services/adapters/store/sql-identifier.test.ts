import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { qualifiedName, quoteIdentifier, validateIdentifier } from './sql-identifier.js';
import { ident, sql } from './sql-template.js';

function rejects(name: string): boolean {
  try {
    validateIdentifier(name);
    return false;
  } catch (error) {
    return isVigilError(error, 'SQL_IDENTIFIER_INVALID');
  }
}

describe('identifiers', () => {
  it('accepts plain names and quotes them in backticks', () => {
    expect(quoteIdentifier('ingestion_counters')).toBe('`ingestion_counters`');
    expect(qualifiedName('vigil_test_1', '_t')).toBe('`vigil_test_1`.`_t`');
  });

  it('rejects names with quotes, dots, spaces, dashes, a leading digit, or more than 63 characters', () => {
    for (const name of ['', 'a`b', "a'b", 'db.table', 'a b', 'a-b', '1abc', 'é', 'a;DROP', 'x'.repeat(64)]) {
      expect(rejects(name)).toBe(true);
    }
  });

  it('accepts only ASCII letters, digits and underscores, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '_', '0', '9', '`', "'", '"', ' ', '\n', '.', ';', 'é', 'ı', '\u0000', '-', '\\'), maxLength: 10 }), (name) => {
        if (!rejects(name)) {
          expect(name).toMatch(/^[A-Za-z0-9_]+$/);
          expect(quoteIdentifier(name)).toBe(`\`${name}\``);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the sql template', () => {
  it('writes interpolated values as literals and ident() as quoted names', () => {
    const modelId = "m'1";
    expect(sql`SELECT * FROM ${ident('models')} WHERE model_id = ${modelId} AND n > ${3}`).toBe(
      "SELECT * FROM `models` WHERE model_id = 'm\\'1' AND n > 3",
    );
  });

  it('rejects an invalid identifier instead of pasting it', () => {
    expect(() => sql`SELECT 1 FROM ${ident('x; DROP TABLE y')}`).toThrow(/not a valid SQL identifier/);
  });
});
