/** Thrown by `retryUntilDone` when its signal aborts (shutdown deadline). */
export class RetryAbortedError extends Error {
  constructor(readonly lastError: unknown) {
    super(`retry aborted: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    this.name = 'RetryAbortedError';
  }
}

export interface RetryOptions {
  /** Errors that are worth another attempt; anything else is rethrown at once. */
  readonly retryable: (error: unknown) => boolean;
  /** Runs between attempts at most every `keepAliveMs` (a consumer heartbeat); its errors end the retry. */
  readonly keepAlive?: () => Promise<void>;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly keepAliveMs?: number;
}

const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries with exponential backoff (×2, capped) until the operation succeeds: never gives up on its own. */
export async function retryUntilDone<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const initial = options.initialDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const keepAliveMs = options.keepAliveMs ?? 2_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!options.retryable(error)) throw error;
      if (isAborted(options.signal)) throw new RetryAbortedError(error);
      const delay = Math.min(max, initial * 2 ** Math.min(attempt - 1, 20));
      options.onRetry?.(error, attempt, delay);
      for (let waited = 0; waited < delay; ) {
        const step = Math.min(keepAliveMs, delay - waited);
        await sleep(step);
        waited += step;
        if (isAborted(options.signal)) throw new RetryAbortedError(error);
        if (options.keepAlive !== undefined) await options.keepAlive();
      }
    }
  }
}
