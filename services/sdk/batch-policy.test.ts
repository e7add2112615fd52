import { describe, expect, it } from 'vitest';
import { decideFlush, type BatchPolicy } from './batch-policy.js';

const policy: BatchPolicy = { maxEvents: 100, maxBytes: 1_000, lingerMs: 50 };

describe('decideFlush', () => {
  it('waits indefinitely when nothing is buffered', () => {
    expect(decideFlush({ events: 0, bytes: 0, oldestAcceptedAt: undefined }, policy, 0, true)).toEqual({
      sendNow: false,
      waitMs: Number.POSITIVE_INFINITY,
    });
  });

  it('waits for the rest of the linger time of the oldest event', () => {
    expect(decideFlush({ events: 3, bytes: 30, oldestAcceptedAt: 1_000 }, policy, 1_020, false)).toEqual({ sendNow: false, waitMs: 30 });
  });

  it('sends once the oldest event has lingered long enough', () => {
    expect(decideFlush({ events: 3, bytes: 30, oldestAcceptedAt: 1_000 }, policy, 1_050, false)).toEqual({ sendNow: true });
  });

  it('sends at once when a full batch of events is buffered', () => {
    expect(decideFlush({ events: 100, bytes: 30, oldestAcceptedAt: 1_000 }, policy, 1_000, false)).toEqual({ sendNow: true });
  });

  it('sends at once when a full batch of bytes is buffered', () => {
    expect(decideFlush({ events: 2, bytes: 1_000, oldestAcceptedAt: 1_000 }, policy, 1_000, false)).toEqual({ sendNow: true });
  });

  it('sends at once when a flush forces it', () => {
    expect(decideFlush({ events: 1, bytes: 1, oldestAcceptedAt: 1_000 }, policy, 1_000, true)).toEqual({ sendNow: true });
  });
});
