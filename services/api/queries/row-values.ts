import { formatDateTimeUtc } from '../../adapters/store/sql-literal.js';

// Values as JSONEachRow returns them on both engines: UInt64 as decimal strings, DateTime as
// 'YYYY-MM-DD hh:mm:ss' (UTC), Nullable(Float64) as a number or null.

/** 'YYYY-MM-DD hh:mm:ss' (UTC) → ISO 8601 with Z. */
export function isoTime(value: unknown): string {
  return `${String(value).replace(' ', 'T')}Z`;
}

/** DateTime 0 is how a never-set time reads back (18.16 prints it as 0000-00-00). */
export function isoTimeOrNull(value: unknown): string | null {
  const text = String(value);
  return text.startsWith('0000-') || text === '1970-01-01 00:00:00' ? null : isoTime(text);
}

export function count(value: unknown): number {
  return Number(value);
}

export function nullableNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** An ISO time from a request → the DateTime text the store compares with. */
export function storeTime(ms: number): string {
  return formatDateTimeUtc(ms);
}
