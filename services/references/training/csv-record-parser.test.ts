import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { CsvRecordParser, type CsvRecord } from './csv-record-parser.js';

function parse(chunks: readonly string[], options: ConstructorParameters<typeof CsvRecordParser>[0] = {}): CsvRecord[] {
  const parser = new CsvRecordParser(options);
  const records = chunks.flatMap((chunk) => parser.push(chunk));
  return [...records, ...parser.end()];
}

const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

/** Splits text at the given cut points (sorted, deduplicated). */
function cut(text: string, points: number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of sorted) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** An RFC 4180 writer: quotes a field when it holds a delimiter, quote or line break. */
function writeCsv(records: string[][], newline: string): string {
  const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
  return records.map((r) => r.map(quote).join(',')).join(newline) + newline;
}

describe('the streaming CSV record parser', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nplain,,""\r\n';
    expect(fields(parse([text]))).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['plain', '', ''],
    ]);
  });

  it('gives the line each record starts on, counting line breaks inside quotes', () => {
    const records = parse(['h1,h2\n"multi\nline\nvalue",1\nnext,2\n']);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('accepts LF, CRLF and lone CR line ends and reads the last record without a final line break', () => {
    expect(fields(parse(['a,b\nc,d\r\ne,f\rg,h']))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('counts a CRLF split across two chunks as one line break', () => {
    expect(fields(parse(['a,b\r', '\nc,d\r', '', '\ne,f']))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('drops a UTF-8 byte order mark and skips blank lines but keeps a record of one quoted empty field', () => {
    expect(fields(parse(['\uFEFFname\n\nx\n""\n\n']))).toEqual([['name'], ['x'], ['']]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(fields(parse(['5" screen,ok\n']))).toEqual([['5" screen', 'ok']]);
  });

  it('marks text after a closing quote as a bad record and carries on with the next one', () => {
    const records = parse(['"ab"c,d\nok,1\n']);
    expect(records[0]?.error).toMatch(/after the closing quote of field 1/);
    expect(records[0]?.fields).toEqual(['abc', 'd']);
    expect(records[1]).toEqual({ fields: ['ok', '1'], line: 2, error: null });
  });

  it('marks an unterminated quoted field at the end of the input as a bad record', () => {
    const records = parse(['a,b\n1,"never closed\n2,3\n']);
    expect(records).toHaveLength(2);
    expect(records[1]?.error).toMatch(/unterminated quoted field 2/);
  });

  it('refuses a record longer than the limit instead of buffering the rest of the file', () => {
    const parser = new CsvRecordParser({ maxRecordChars: 50 });
    parser.push('a,b\n"open quote');
    let failure: unknown;
    try {
      for (let i = 0; i < 10; i++) parser.push('x'.repeat(10));
    } catch (error) {
      failure = error;
    }
    expect(isVigilError(failure, 'INPUT_FILE_INVALID')).toBe(true);
    expect((failure as Error).message).toMatch(/line 2/);
  });

  it('reads tab-separated text with a tab delimiter', () => {
    expect(fields(parse(['a\tb,c\n1\t"x\ty"\n'], { delimiter: '\t' }))).toEqual([
      ['a', 'b,c'],
      ['1', 'x\ty'],
    ]);
  });

  it('refuses a delimiter that is not one plain character', () => {
    expect(() => new CsvRecordParser({ delimiter: '"' })).toThrow(/delimiter/);
    expect(() => new CsvRecordParser({ delimiter: ';;' })).toThrow(/delimiter/);
  });

  it('reads back whatever an RFC 4180 writer wrote, however the text is cut into chunks', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '😀'), maxLength: 6 });
    const record = fc.array(field, { minLength: 2, maxLength: 2 });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.array(fc.nat(), { maxLength: 6 }), (records, newline, points) => {
        const text = writeCsv(records, newline);
        expect(fields(parse(cut(text, points)))).toEqual(records);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
