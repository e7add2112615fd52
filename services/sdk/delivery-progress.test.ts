import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryProgress } from './delivery-progress.js';

describe('DeliveryProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves a wait as soon as its sequence number settles', async () => {
    const progress = new DeliveryProgress();
    const waiting = progress.waitFor(3, 1_000);
    progress.settle(2);
    progress.settle(3);
    await expect(waiting).resolves.toBe(true);
  });

  it('resolves false at the deadline when the sequence number has not settled', async () => {
    const progress = new DeliveryProgress();
    const waiting = progress.waitFor(5, 1_000);
    progress.settle(4);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(waiting).resolves.toBe(false);
  });

  it('answers at once for a sequence number already settled and never moves backwards', async () => {
    const progress = new DeliveryProgress();
    progress.settle(7);
    progress.settle(2);
    expect(progress.settled).toBe(7);
    await expect(progress.waitFor(7, 1_000)).resolves.toBe(true);
  });
});
