import { describe, expect, it } from 'vitest';
import { RateLimitedWarning } from './rate-limited-warning.js';

describe('RateLimitedWarning', () => {
  it('lets the first warning through and holds back the rest of the interval', () => {
    const warning = new RateLimitedWarning(1_000);
    expect(warning.tryWarn(0)).toEqual({ suppressedSinceLast: 0 });
    expect(warning.tryWarn(10)).toBeUndefined();
    expect(warning.tryWarn(999)).toBeUndefined();
  });

  it('reports how many warnings it held back when the next interval begins', () => {
    const warning = new RateLimitedWarning(1_000);
    warning.tryWarn(0);
    for (let t = 1; t <= 5; t++) warning.tryWarn(t);
    expect(warning.tryWarn(1_000)).toEqual({ suppressedSinceLast: 5 });
    expect(warning.tryWarn(2_500)).toEqual({ suppressedSinceLast: 0 });
  });
});
