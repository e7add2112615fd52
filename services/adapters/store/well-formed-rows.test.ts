import { describe, expect, it } from 'vitest';
import { wellFormedRows } from './well-formed-rows.js';

describe('wellFormedRows', () => {
  it('returns rows with well-formed text unchanged, as the same objects', () => {
    const rows = [{ a: 'x😀', b: 1, c: ['y'], d: null }];
    expect(wellFormedRows(rows)[0]).toBe(rows[0]);
  });

  it('replaces lone surrogates in strings and string arrays with U+FFFD and keeps pairs', () => {
    const rows = [{ a: '\ud800x', b: ['\udc00', '😀'], n: 3 }];
    expect(wellFormedRows(rows)).toEqual([{ a: '\uFFFDx', b: ['\uFFFD', '😀'], n: 3 }]);
    expect(rows[0]!.a).toBe('\ud800x');
  });
});
