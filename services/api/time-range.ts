import { z } from 'zod';
import { VigilError } from '../shared/errors.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_MS = 7 * DAY_MS;
export const MAX_RANGE_MS = 92 * DAY_MS;

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 time, e.g. 2026-11-23T10:00:00Z');

/** `from` / `to` of every time-series route: default the last 7 days, at most 92 days. */
export const timeRangeFields = {
  from: instant.optional().describe('Start (inclusive, on window_end); default: `to` minus 7 days'),
  to: instant.optional().describe('End (inclusive, on window_end); default: now'),
};

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

function invalid(field: string, message: string): VigilError {
  return new VigilError('VALIDATION_FAILED', `querystring/${field}: ${message}`, { field: `querystring/${field}` });
}

/** Resolves defaults against the clock and refuses an empty, reversed or over-long range. */
export function resolveTimeRange(query: { from?: string | undefined; to?: string | undefined }, nowMs: number): TimeRange {
  const toMs = query.to === undefined ? nowMs : Date.parse(query.to);
  const fromMs = query.from === undefined ? toMs - DEFAULT_RANGE_MS : Date.parse(query.from);
  if (fromMs < 1000 || toMs > Date.UTC(2105, 11, 31)) throw invalid(query.from === undefined ? 'to' : 'from', 'the time is outside 1970-01-01 … 2105-12-31');
  if (fromMs > toMs) throw invalid('from', 'must not be after `to`');
  if (toMs - fromMs > MAX_RANGE_MS) throw invalid('from', `the range must not exceed ${MAX_RANGE_MS / DAY_MS} days`);
  return { from: new Date(fromMs - (fromMs % 1000)), to: new Date(toMs - (toMs % 1000)) };
}

/** One instant from the query (e.g. windowEnd), refused when a DateTime cannot hold it. */
export function resolveInstant(field: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (!(ms >= 1000 && ms <= Date.UTC(2105, 11, 31))) throw invalid(field, 'the time is outside 1970-01-01 … 2105-12-31');
  return new Date(ms - (ms % 1000));
}
