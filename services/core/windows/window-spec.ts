import { VigilError } from '../../shared/errors.js';

/**
 * A tumbling event-time window layout. Windows are half-open [start, end): an event exactly
 * at `end` belongs to the next window. `graceMs` is the allowed lateness; there is no default
 * on purpose, because how late data may be is a property of the deployment, not of the code.
 */
export interface TumblingWindowSpec {
  readonly sizeMs: number;
  readonly graceMs: number;
}

export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

export function validateWindowSpec(spec: TumblingWindowSpec): TumblingWindowSpec {
  if (!Number.isSafeInteger(spec.sizeMs) || spec.sizeMs <= 0) {
    throw new VigilError('CONFIG_INVALID', 'window size must be a positive whole number of milliseconds', { sizeMs: spec.sizeMs });
  }
  if (!Number.isSafeInteger(spec.graceMs) || spec.graceMs < 0) {
    throw new VigilError('CONFIG_INVALID', 'window grace must be a non-negative whole number of milliseconds', { graceMs: spec.graceMs });
  }
  return Object.freeze({ sizeMs: spec.sizeMs, graceMs: spec.graceMs });
}

/** Windows are aligned to the epoch, so every partition and instance agrees on the boundaries. */
export function windowStartOf(eventTime: number, sizeMs: number): number {
  return Math.floor(eventTime / sizeMs) * sizeMs;
}

export function windowBoundsOf(eventTime: number, sizeMs: number): WindowBounds {
  const start = windowStartOf(eventTime, sizeMs);
  return { start, end: start + sizeMs };
}

/** A window is final once the watermark has reached its end plus the grace period. */
export function isWindowClosed(windowEnd: number, graceMs: number, watermark: number): boolean {
  return watermark >= windowEnd + graceMs;
}
