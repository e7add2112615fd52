import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { splitSqlStatements } from './split-sql-statements.js';

function failsWith(text: string): string | undefined {
  try {
    splitSqlStatements(text);
  } catch (error) {
    return isVigilError(error, 'MIGRATION_FAILED') ? error.message : 'other error';
  }
  return undefined;
}

describe('splitSqlStatements', () => {
  it('splits on a semicolon at the end of a line and drops comments', () => {
    const text = [
      '-- a header comment; with a semicolon',
      'CREATE TABLE IF NOT EXISTS a (x UInt8) -- trailing comment',
      'ENGINE = MergeTree() ORDER BY x;',
      '/* block; comment */',
      'CREATE TABLE IF NOT EXISTS b (y String) ENGINE = MergeTree() ORDER BY y; -- done',
      '',
    ].join('\n');
    expect(splitSqlStatements(text)).toEqual([
      'CREATE TABLE IF NOT EXISTS a (x UInt8) \nENGINE = MergeTree() ORDER BY x',
      'CREATE TABLE IF NOT EXISTS b (y String) ENGINE = MergeTree() ORDER BY y',
    ]);
  });

  it('keeps semicolons and comment markers that are inside quotes', () => {
    const text = "SELECT 'a;\n-- not a comment', `we;ird`, \"x--y\", 'it''s', 'back\\'slash;'\nFROM t;";
    expect(splitSqlStatements(text)).toEqual(["SELECT 'a;\n-- not a comment', `we;ird`, \"x--y\", 'it''s', 'back\\'slash;'\nFROM t"]);
  });

  it('accepts a last statement without a semicolon and ignores empty statements', () => {
    expect(splitSqlStatements(';\n\nSELECT 1;\n;\nSELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('rejects a semicolon followed by more SQL on the same line', () => {
    expect(failsWith('SELECT 1; SELECT 2;')).toMatch(/must end its line \(line 1\)/);
  });

  it('rejects an unterminated quote or block comment', () => {
    expect(failsWith("SELECT 'abc;\n")).toMatch(/unterminated ' quote/);
    expect(failsWith('SELECT 1 /* never closed;\n')).toMatch(/unterminated \/\* comment/);
  });

  it('gives back any list of statements joined one per line', () => {
    const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ ,()=]{0,20}$/);
    const quoted = fc.string({ unit: fc.constantFrom('a', ';', '-', '\n', "''", '\\\\', ' '), maxLength: 10 }).map((s) => `'${s}'`);
    const statement = fc.array(fc.oneof(word, quoted), { minLength: 1, maxLength: 5 }).map((parts) => `SELECT ${parts.join(' ')}`.trim());
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 6 }), (statements) => {
        expect(splitSqlStatements(statements.map((s) => `${s};\n-- comment\n`).join(''))).toEqual(statements);
      }),
      { numRuns: 500 },
    );
  });
});
