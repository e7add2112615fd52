import { setTimeout as delay } from 'node:timers/promises';

/** The wall clock, injected so the runner can be driven by a fake one in tests. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  async sleep(ms, signal) {
    if (signal.aborted) return;
    try {
      await delay(ms, undefined, { signal });
    } catch (error) {
      // Waking early on abort is the point; anything else is a real failure.
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    }
  },
};
