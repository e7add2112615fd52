import { describe, expect, it } from 'vitest';
import { fetchLimits } from './fetch-limits.js';
import { RetryAbortedError, retryUntilDone } from './retry.js';

describe('retryUntilDone', () => {
  it('retries retryable failures until the operation succeeds, keeping the consumer alive in between', async () => {
    let attempts = 0;
    let keptAlive = 0;
    const result = await retryUntilDone(
      () => (++attempts < 3 ? Promise.reject(new Error('down')) : Promise.resolve('done')),
      { retryable: () => true, initialDelayMs: 1, keepAliveMs: 1, keepAlive: () => {
        keptAlive += 1;
        return Promise.resolve();
      } },
    );
    expect(result).toBe('done');
    expect(attempts).toBe(3);
    expect(keptAlive).toBeGreaterThan(0);
  });

  it('rethrows a failure that is not retryable at once', async () => {
    let attempts = 0;
    const failing = retryUntilDone(() => Promise.reject(new Error(`fatal ${++attempts}`)), { retryable: () => false });
    await expect(failing).rejects.toThrow('fatal 1');
  });

  it('gives up with RetryAbortedError once its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(retryUntilDone(() => Promise.reject(new Error('down')), { retryable: () => true, signal: controller.signal })).rejects.toBeInstanceOf(RetryAbortedError);
  });
});

describe('fetch limits', () => {
  it('split the buffered-bytes budget over the brokers and cap a partition at a quarter of a response', () => {
    expect(fetchLimits(64 * 1024 * 1024, 2)).toEqual({ maxBytes: 32 * 1024 * 1024, maxBytesPerPartition: 1024 * 1024 });
    expect(fetchLimits(1024 * 1024, 1)).toEqual({ maxBytes: 1024 * 1024, maxBytesPerPartition: 256 * 1024 });
  });
});
