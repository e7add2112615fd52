import { describe, expect, it } from 'vitest';
import { inferCsvValue } from './csv-value.js';

describe('CSV value inference', () => {
  it('reads the empty field as missing', () => {
    expect(inferCsvValue('')).toBeNull();
  });

  it('reads decimal numbers, with sign, point, exponent or surrounding spaces, as numbers', () => {
    expect(['42', '-3.5', '+.25', '1e3', '2.E-2', ' 7 '].map(inferCsvValue)).toEqual([42, -3.5, 0.25, 1000, 0.02, 7]);
  });

  it('keeps everything else as text, including NaN, inf, booleans, spaces and hexadecimal', () => {
    for (const text of ['NaN', 'inf', 'true', ' ', '0x1f', '1,000', '12abc', '-']) expect(inferCsvValue(text)).toBe(text);
  });
});
