import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventTimeBuffer } from './event-time-buffer.js';

describe('EventTimeBuffer', () => {
  it('expires entries once the watermark passes event time plus TTL, and counts them', () => {
    const buffer = new EventTimeBuffer<string>(100, 10);
    buffer.put('a', 0, 'A');
    buffer.put('b', 50, 'B');
    expect(buffer.expire(100)).toEqual([]);
    expect(buffer.expire(101).map((e) => [e.key, e.reason])).toEqual([['a', 'ttl']]);
    expect(buffer.expire(151).map((e) => e.key)).toEqual(['b']);
    expect(buffer.evictions).toEqual({ ttl: 2, capacity: 0 });
    expect(buffer.size).toBe(0);
  });

  it('evicts the oldest event time when full, whatever the arrival order', () => {
    const buffer = new EventTimeBuffer<string>(1_000, 2);
    buffer.put('late-arrival-old', 5, 'x');
    buffer.put('new', 20, 'y');
    const { evicted } = buffer.put('middle', 10, 'z');
    expect(evicted.map((e) => [e.key, e.reason])).toEqual([['late-arrival-old', 'capacity']]);
    expect(buffer.has('middle')).toBe(true);
    expect(buffer.evictions.capacity).toBe(1);
  });

  it('does not replace a key that is already present', () => {
    const buffer = new EventTimeBuffer<string>(1_000, 2);
    expect(buffer.put('k', 1, 'first').stored).toBe(true);
    expect(buffer.put('k', 2, 'second').stored).toBe(false);
    expect(buffer.get('k')).toBe('first');
  });

  it('forgets taken entries so they neither expire nor count against capacity', () => {
    const buffer = new EventTimeBuffer<number>(10, 100);
    for (let i = 0; i < 200; i++) {
      buffer.put(`k${i}`, i, i);
      expect(buffer.take(`k${i}`)).toBe(i);
    }
    expect(buffer.expire(10_000)).toEqual([]);
    expect(buffer.evictions).toEqual({ ttl: 0, capacity: 0 });
  });

  it('keeps the same entries after overflow for every arrival order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 30 }), fc.nat(), (times, seed) => {
        const shuffled = [...times].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const keep = (order: number[]) => {
          const buffer = new EventTimeBuffer<number>(10_000, 5);
          for (const t of order) buffer.put(`k${t}`, t, t);
          return times.filter((t) => buffer.has(`k${t}`)).sort((a, b) => a - b);
        };
        expect(keep(shuffled)).toEqual(keep(times));
      }),
    );
  });
});
