import { VigilError } from '../../shared/errors.js';

// The ONE place a JS value becomes ClickHouse SQL text. ClickHouse 18.16 (the Debian server)
// rejects query parameters, so every value in every query goes through `sqlLiteral`.
// Every form produced here was checked against both 18.16 and chDB 26.x (see sql/README.md).

/** A value that `sqlLiteral` accepts. Dates become DateTime literals in UTC. */
export type SqlValue = string | number | bigint | boolean | null | Date | readonly SqlValue[];

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
/** 18.16 cannot parse subnormal doubles (strtod reports ERANGE and the parser gives up). */
const SMALLEST_NORMAL_DOUBLE = 2.2250738585072014e-308;
/** 18.16's date tables end at 2105-12-31 23:59:59 (26.x goes on to 2106-02-07); later text parses to garbage there. */
export const DATETIME_MAX_MS = Date.UTC(2105, 11, 31, 23, 59, 59);
/** 18.16 treats DateTime 0 as the "zero date" and prints it as 0000-00-00 00:00:00, so the first second is refused. */
export const DATETIME_MIN_MS = 1000;

function invalid(reason: string): VigilError {
  return new VigilError('SQL_LITERAL_INVALID', reason);
}

/**
 * A quoted string literal. Backslash and quote are backslash-escaped; every control
 * character (C0, DEL) becomes \xHH so the literal never spans lines or hides a NUL; other
 * characters pass through as UTF-8. Lone UTF-16 surrogates have no UTF-8 form and are rejected.
 */
export function stringLiteral(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw invalid(`lone high surrogate at index ${i}`);
      out += value.slice(i, i + 2);
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      throw invalid(`lone low surrogate at index ${i}`);
    } else if (code === 0x5c) {
      out += '\\\\';
    } else if (code === 0x27) {
      out += "\\'";
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0').toUpperCase()}`;
    } else {
      out += value.charAt(i);
    }
  }
  return `${out}'`;
}

/** Finite numbers only; -0 is written as 0 and subnormals are refused (18.16 cannot parse them). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw invalid(`${String(value)} has no literal that both engines read back`);
  if (value === 0) return '0';
  if (Math.abs(value) < SMALLEST_NORMAL_DOUBLE) throw invalid(`subnormal number ${String(value)} is not parsed by ClickHouse 18.16`);
  // String() gives the shortest text that round-trips (e.g. 1e+21, 1.5e-7); both engines parse it exactly.
  return String(value);
}

export function bigintLiteral(value: bigint): string {
  if (value < INT64_MIN || value > UINT64_MAX) throw invalid(`${value} is outside the Int64/UInt64 range`);
  return value.toString();
}

/** `YYYY-MM-DD hh:mm:ss` in UTC, the text form DateTime('UTC') columns read and write. */
export function formatDateTimeUtc(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < DATETIME_MIN_MS || epochMs > DATETIME_MAX_MS) {
    throw invalid(`${String(epochMs)} ms is not a whole-millisecond time from 1970-01-01 00:00:01 to 2105-12-31 23:59:59 UTC`);
  }
  // Sub-second precision is dropped (floored): DateTime has whole seconds.
  return new Date(epochMs - (epochMs % 1000)).toISOString().slice(0, 19).replace('T', ' ');
}

/** A DateTime('UTC') literal for an instant given as epoch milliseconds. */
export function dateTimeLiteral(epochMs: number): string {
  return `toDateTime('${formatDateTimeUtc(epochMs)}', 'UTC')`;
}

/** Turns a JS value into a ClickHouse SQL literal, or throws SQL_LITERAL_INVALID. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return `[${value.map((item: SqlValue) => sqlLiteral(item)).join(', ')}]`;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalid('invalid Date');
    return dateTimeLiteral(ms);
  }
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      return numberLiteral(value);
    case 'bigint':
      return bigintLiteral(value);
    case 'boolean':
      return value ? '1' : '0';
    default:
      // Reachable only by callers that bypass the types (undefined, objects, symbols).
      throw invalid(`unsupported type ${typeof value}`);
  }
}
