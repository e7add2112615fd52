import { describe, expect, it } from 'vitest';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';

const policy: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 };

describe('backoffDelayMs', () => {
  it('starts between half and all of the initial delay', () => {
    expect(backoffDelayMs(1, policy, 0)).toBe(50);
    expect(backoffDelayMs(1, policy, 0.999_999)).toBe(100);
  });

  it('doubles the ceiling with each failed attempt', () => {
    expect(backoffDelayMs(2, policy, 0)).toBe(100);
    expect(backoffDelayMs(3, policy, 0)).toBe(200);
  });

  it('never exceeds the maximum delay however many attempts failed', () => {
    for (const attempt of [5, 10, 100, 10_000]) expect(backoffDelayMs(attempt, policy, 0.999_999)).toBeLessThanOrEqual(1_000);
    expect(backoffDelayMs(10_000, policy, 0)).toBe(500);
  });

  it('treats a random value outside [0, 1) as its nearest bound', () => {
    expect(backoffDelayMs(1, policy, -3)).toBe(50);
    expect(backoffDelayMs(1, policy, 7)).toBe(100);
  });
});
