import { describe, expect, it } from 'vitest';
import { StreamCounters, type StreamCounterKey } from './stream-counters.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const key = (recordTime: number, overrides: Partial<StreamCounterKey> = {}): StreamCounterKey => ({
  sourceTopic: 'predictions',
  sourcePartition: 3,
  recordTime,
  modelId: 'credit',
  modelVersion: 'v1',
  counter: 'accepted',
  reason: '',
  ...overrides,
});

describe('stream counters', () => {
  it('count cumulatively per minute of record time and write only what changed since the last write', () => {
    const counters = new StreamCounters();
    counters.add(key(T0 + 1_000));
    counters.add(key(T0 + 59_000));
    counters.add(key(T0 + MINUTE));
    expect(counters.dirtyRows(1).map((r) => [r.minute, r.value, r.checkpoint_seq])).toEqual([
      ['2024-05-01 10:00:00', 2, 1],
      ['2024-05-01 10:01:00', 1, 1],
    ]);
    counters.markWritten();
    counters.add(key(T0 + MINUTE + 5));
    expect(counters.dirtyRows(2).map((r) => [r.minute, r.value])).toEqual([['2024-05-01 10:01:00', 2]]);
  });

  it('count a record stamped before the oldest retained minute in that minute, never in a fresh count', () => {
    const counters = new StreamCounters(5);
    counters.add(key(T0));
    counters.add(key(T0 + 20 * MINUTE));
    counters.markWritten();
    expect(counters.size).toBe(1);
    counters.add(key(T0 + 30_000));
    const [row] = counters.dirtyRows(2);
    expect(row?.minute).toBe('2024-05-01 10:15:00');
  });

  it('restore from their state with nothing dirty and the same totals', () => {
    const counters = new StreamCounters();
    counters.add(key(T0), 4);
    counters.add(key(T0, { counter: 'dead_lettered', reason: 'EVENT_NOT_JSON', modelId: '', modelVersion: '' }), 2);
    const restored = StreamCounters.fromState(JSON.parse(JSON.stringify(counters.toState())) as ReturnType<StreamCounters['toState']>);
    expect(restored.dirtyRows(1)).toEqual([]);
    expect(restored.total('accepted')).toBe(4);
    expect(restored.total('dead_lettered', 'EVENT_NOT_JSON')).toBe(2);
    restored.add(key(T0));
    expect(restored.dirtyRows(2)[0]?.value).toBe(5);
  });
});
