import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { DATETIME_MAX_MS, dateTimeLiteral, formatDateTimeUtc, sqlLiteral, stringLiteral, type SqlValue } from './sql-literal.js';

/** Reads a quoted literal the way the ClickHouse lexer does; returns the value and where the literal ended. */
function readQuoted(text: string): { value: string; end: number } {
  expect(text[0]).toBe("'");
  let value = '';
  let i = 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === "'") return { value, end: i + 1 };
    if (ch === '\\') {
      const next = text.charAt(i + 1);
      if (next === 'x') {
        value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      value += next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new Error('unterminated literal');
}

/** True when every surrogate is paired (String.prototype.isWellFormed is not in the ES2023 lib). */
function isWellFormed(text: string): boolean {
  return !/\p{Surrogate}/u.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

const anyUnicode = fc.string({ unit: 'binary', maxLength: 80 });
const trickyUnit = fc.constantFrom("'", '\\', '\n', '\r', '\0', '\t', '\x1f', '\x7f', '"', '`', ';', '-', '/', '*', 'a', 'é', '😀', '\u2028');
const tricky = fc.string({ unit: trickyUnit, maxLength: 60 });
const utf16Units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isVigilError(error) ? error.code : 'not a VigilError';
  }
  return undefined;
}

describe('stringLiteral', () => {
  it('writes quotes, backslashes and control characters as escapes', () => {
    expect(stringLiteral("it's a \\ path\n\0")).toBe("'it\\'s a \\\\ path\\x0A\\x00'");
  });

  it('reads back as the original string for any well-formed text', () => {
    fc.assert(
      fc.property(fc.oneof(anyUnicode, tricky), (text) => {
        const literal = stringLiteral(text);
        const { value, end } = readQuoted(literal);
        expect(value).toBe(text);
        // The first unescaped quote after the opening one is the last character: nothing can end it early.
        expect(end).toBe(literal.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('never contains a raw control character, so a literal cannot break a line or hide a NUL', () => {
    fc.assert(
      fc.property(fc.oneof(anyUnicode, tricky), (text) => {
        const literal = stringLiteral(text);
        for (let i = 0; i < literal.length; i++) expect(literal.charCodeAt(i) < 0x20 || literal.charCodeAt(i) === 0x7f).toBe(false);
      }),
    );
  });

  it('rejects exactly the strings with lone surrogates, which have no UTF-8 form', () => {
    fc.assert(
      fc.property(utf16Units, (text) => {
        expect(codeOf(() => stringLiteral(text))).toBe(isWellFormed(text) ? undefined : 'SQL_LITERAL_INVALID');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sqlLiteral for numbers', () => {
  it('writes finite normal doubles as text that parses back to the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        fc.pre(value === 0 || Math.abs(value) >= 2.2250738585072014e-308);
        expect(Number(sqlLiteral(value))).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes negative zero as 0', () => {
    expect(sqlLiteral(-0)).toBe('0');
  });

  it('rejects NaN, infinities and subnormals, which the two engines do not read back alike', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, -1e-310]) {
      expect(codeOf(() => sqlLiteral(value))).toBe('SQL_LITERAL_INVALID');
    }
  });

  it('writes bigints in the Int64 to UInt64 range and rejects the rest', () => {
    expect(sqlLiteral(-(2n ** 63n))).toBe('-9223372036854775808');
    expect(sqlLiteral(2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(codeOf(() => sqlLiteral(2n ** 64n))).toBe('SQL_LITERAL_INVALID');
    expect(codeOf(() => sqlLiteral(-(2n ** 63n) - 1n))).toBe('SQL_LITERAL_INVALID');
  });
});

describe('sqlLiteral for other values', () => {
  it('writes booleans as 1 and 0 and null as NULL', () => {
    expect([sqlLiteral(true), sqlLiteral(false), sqlLiteral(null)]).toEqual(['1', '0', 'NULL']);
  });

  it('writes dates as UTC DateTime literals, dropping milliseconds', () => {
    expect(sqlLiteral(new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 999)))).toBe("toDateTime('2024-02-29 23:59:58', 'UTC')");
    expect(dateTimeLiteral(1000)).toBe("toDateTime('1970-01-01 00:00:01', 'UTC')");
  });

  it('rejects times outside the DateTime range, the zero second that 18.16 prints as 0000-00-00, and invalid dates', () => {
    expect(codeOf(() => formatDateTimeUtc(-1))).toBe('SQL_LITERAL_INVALID');
    expect(codeOf(() => formatDateTimeUtc(999))).toBe('SQL_LITERAL_INVALID');
    expect(codeOf(() => formatDateTimeUtc(DATETIME_MAX_MS + 1000))).toBe('SQL_LITERAL_INVALID');
    expect(formatDateTimeUtc(DATETIME_MAX_MS)).toBe('2105-12-31 23:59:59');
    expect(codeOf(() => formatDateTimeUtc(1.5))).toBe('SQL_LITERAL_INVALID');
    expect(codeOf(() => sqlLiteral(new Date(Number.NaN)))).toBe('SQL_LITERAL_INVALID');
  });

  it('formats every second of the DateTime range like toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: DATETIME_MAX_MS / 1000 }), (seconds) => {
        expect(formatDateTimeUtc(seconds * 1000)).toBe(new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' '));
      }),
    );
  });

  it('writes nested arrays element by element', () => {
    const value: SqlValue = [1, 'a\'b', [true, null], []];
    expect(sqlLiteral(value)).toBe("[1, 'a\\'b', [1, NULL], []]");
  });

  it('rejects values outside its types, such as undefined and plain objects', () => {
    expect(codeOf(() => sqlLiteral(undefined as unknown as SqlValue))).toBe('SQL_LITERAL_INVALID');
    expect(codeOf(() => sqlLiteral({} as unknown as SqlValue))).toBe('SQL_LITERAL_INVALID');
  });
});
