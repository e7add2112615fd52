import { describe, expect, it } from 'vitest';
import { tabSeparated } from './tab-separated.js';

describe('tabSeparated', () => {
  it('writes scalar rows as lines of tab-separated fields in the first row\'s column order', () => {
    const rows = [
      { id: 'a', value: 0.25, n: 12n, ok: true, missing: null },
      { id: 'b', value: -3, n: 0n, ok: false, missing: null },
    ];
    expect(tabSeparated(rows)).toEqual({ columns: ['id', 'value', 'n', 'ok', 'missing'], text: 'a\t0.25\t12\t1\t\\N\nb\t-3\t0\t0\t\\N\n' });
  });

  it('escapes backslashes and control characters, so a value cannot end its field or line', () => {
    const text = tabSeparated([{ v: 'tab\there\nnew\\line\r\0\b\f' }])?.text;
    expect(text).toBe('tab\\there\\nnew\\\\line\\r\\0\\b\\f\n');
    expect(text?.slice(0, -1)).not.toMatch(/[\t\n]/);
  });

  it('writes NaN and the infinities as NULL, as JSONEachRow does', () => {
    expect(tabSeparated([{ a: Number.NaN, b: Infinity, c: -Infinity }])?.text).toBe('\\N\t\\N\t\\N\n');
  });

  it('declines rows it cannot carry: arrays, objects, undefined, or columns that differ between rows', () => {
    expect(tabSeparated([{ a: [1, 2] }])).toBeUndefined();
    expect(tabSeparated([{ a: { b: 1 } }])).toBeUndefined();
    expect(tabSeparated([{ a: undefined }])).toBeUndefined();
    expect(tabSeparated([{ a: 1, b: 2 }, { b: 2, a: 1 }])).toBeUndefined();
    expect(tabSeparated([{ a: 1 }, { a: 1, b: 2 }])).toBeUndefined();
    expect(tabSeparated([])).toBeUndefined();
  });
});
