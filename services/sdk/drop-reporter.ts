import type { Logger } from '../shared/logger.js';
import type { DropReason } from './producer-stats.js';
import { RateLimitedWarning } from './rate-limited-warning.js';

/** One warn line per drop reason per interval, carrying how many were dropped since the last line. */
export class DropReporter {
  private readonly limiters = new Map<DropReason, RateLimitedWarning>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  report(reason: DropReason, now: number, context: { dropped: number; buffered: number }): void {
    let limiter = this.limiters.get(reason);
    if (limiter === undefined) {
      limiter = new RateLimitedWarning(this.intervalMs);
      this.limiters.set(reason, limiter);
    }
    const warning = limiter.tryWarn(now);
    if (warning === undefined) return;
    this.logger.warn({ reason, droppedSinceLastWarning: warning.suppressedSinceLast + 1, ...context }, 'vigil producer dropped events');
  }
}
