export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries never
 * hammer a recovering broker, half is random so many model servers do not retry in step.
 * `attempt` counts failures so far (1 after the first); `random` is in [0, 1).
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** exponent);
  const clampedRandom = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * clampedRandom);
}
