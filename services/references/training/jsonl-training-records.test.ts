import { describe, expect, it } from 'vitest';
import { jsonLinesTrainingRecords } from './jsonl-training-records.js';
import { chunksOf, collect, plain } from './training-test-support.js';

describe('JSON Lines training records', () => {
  it('reads one object per line across chunk boundaries, with CRLF and blank lines', async () => {
    const records = await collect(jsonLinesTrainingRecords(chunksOf('{"a":1,"b":"x"}\r\n\n{"a"', ':2,"b":null}\n', '{"a":3}')));
    expect(plain(records)).toEqual([
      { kind: 'row', values: { a: 1, b: 'x' }, where: 'line 1' },
      { kind: 'row', values: { a: 2, b: null }, where: 'line 3' },
      { kind: 'row', values: { a: 3 }, where: 'line 4' },
    ]);
  });

  it('reports lines that are not JSON or not objects as bad records and keeps reading', async () => {
    const records = await collect(jsonLinesTrainingRecords(chunksOf('{"a":1}\n{oops\n[1,2]\n42\n{"a":2}\n')));
    expect(records.map((r) => (r.kind === 'bad' ? `${r.where}: ${r.reason}` : r.where))).toEqual([
      'line 1',
      'line 2: not valid JSON',
      'line 3: not a JSON object',
      'line 4: not a JSON object',
      'line 5',
    ]);
  });

  it('skips an overlong line as one bad record without buffering it', async () => {
    const long = `{"a":"${'x'.repeat(100)}"}`;
    const records = await collect(jsonLinesTrainingRecords(chunksOf('{"a":1}\n', long.slice(0, 40), long.slice(40), '\n{"a":2}\n'), { maxLineChars: 50 }));
    expect(records.map((r) => (r.kind === 'bad' ? `${r.where}: ${r.reason}` : r.where))).toEqual(['line 1', 'line 2: longer than 50 characters', 'line 3']);
  });

  it('treats a key named __proto__ as an ordinary column', async () => {
    const [record] = await collect(jsonLinesTrainingRecords(chunksOf('{"__proto__":5}\n')));
    expect(record?.kind === 'row' && Object.keys(record.values)).toEqual(['__proto__']);
  });
});
