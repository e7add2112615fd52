import { describe, expect, it } from 'vitest';
import { VigilError } from '../../shared/errors.js';
import { redactSqlLiterals, toStoreError } from './store-errors.js';

describe('redactSqlLiterals', () => {
  it('blanks every quoted string, including escaped quotes and one cut off at the end', () => {
    expect(redactSqlLiterals("x = 'secret' AND y = 'it\\'s' AND z = 'a''b' AND w = 'cut off")).toBe("x = '…' AND y = '…' AND z = '…' AND w = '…'");
  });
});

describe('toStoreError', () => {
  it('maps an 18.16 server error to STORE_QUERY_FAILED with its code and without the wrapping or literals', () => {
    const raw = new Error("Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 8: 'password123' FROM, e.what() = DB::Exception");
    const error = toStoreError(raw, 'query');
    expect(error.code).toBe('STORE_QUERY_FAILED');
    expect(error.detail).toEqual({ operation: 'query', clickhouseCode: 62 });
    expect(error.message).toContain("query: Syntax error: failed at position 8: '…' FROM");
    expect(error.message).not.toContain('password123');
    expect((error.cause as Error).message).not.toContain('password123');
  });

  it('maps a parsed 26.x error by its code', () => {
    const raw = Object.assign(new Error('Database nope does not exist.'), { code: '81', type: 'UNKNOWN_DATABASE' });
    expect(toStoreError(raw, 'query').detail).toEqual({ operation: 'query', clickhouseCode: 81 });
  });

  it('maps refused connections, timeouts and wrong passwords to STORE_UNAVAILABLE', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toStoreError(refused, 'ping').code).toBe('STORE_UNAVAILABLE');
    expect(toStoreError(new Error('Timeout error.'), 'query').code).toBe('STORE_UNAVAILABLE');
    expect(toStoreError(new Error('Code: 193, e.displayText() = DB::Exception: Wrong password for user default'), 'query').code).toBe('STORE_UNAVAILABLE');
    expect(toStoreError(new Error('ChdbConnection is closed'), 'query').code).toBe('STORE_UNAVAILABLE');
  });

  it('keeps a VigilError as it is and honours an explicit classification', () => {
    const original = new VigilError('SQL_LITERAL_INVALID');
    expect(toStoreError(original, 'query')).toBe(original);
    expect(toStoreError(new Error('Code: 62. DB::Exception: x'), 'ping', 'STORE_UNAVAILABLE').code).toBe('STORE_UNAVAILABLE');
  });
});
