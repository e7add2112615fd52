/**
 * Lets one warning through per interval and counts the ones it held back, so a full buffer
 * under load logs one line per interval with the number dropped, not one line per event.
 */
export class RateLimitedWarning {
  private lastAllowedAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(private readonly intervalMs: number) {}

  /** Returns how many were suppressed since the last allowed one, or undefined to stay silent. */
  tryWarn(now: number): { suppressedSinceLast: number } | undefined {
    if (now - this.lastAllowedAt >= this.intervalMs) {
      const suppressedSinceLast = this.suppressed;
      this.lastAllowedAt = now;
      this.suppressed = 0;
      return { suppressedSinceLast };
    }
    this.suppressed += 1;
    return undefined;
  }
}
