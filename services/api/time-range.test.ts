import { describe, expect, it } from 'vitest';
import { isVigilError } from '../shared/errors.js';
import { DEFAULT_RANGE_MS, resolveTimeRange } from './time-range.js';

const now = Date.parse('2026-03-10T12:00:00Z');

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('resolveTimeRange', () => {
  it('defaults to the seven days up to now', () => {
    const range = resolveTimeRange({}, now);
    expect(range.to.getTime()).toBe(now);
    expect(range.to.getTime() - range.from.getTime()).toBe(DEFAULT_RANGE_MS);
  });

  it('keeps an explicit range', () => {
    const range = resolveTimeRange({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00+01:00' }, now);
    expect([range.from.toISOString(), range.to.toISOString()]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-01T23:00:00.000Z']);
  });

  it('refuses a reversed range naming the from field', () => {
    const error = failure(() => resolveTimeRange({ from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z' }, now));
    expect(isVigilError(error, 'VALIDATION_FAILED') && error.detail?.['field']).toBe('querystring/from');
  });

  it('refuses a range longer than the limit', () => {
    const error = failure(() => resolveTimeRange({ from: '2025-01-01T00:00:00Z' }, now));
    expect(isVigilError(error, 'VALIDATION_FAILED')).toBe(true);
  });
});
