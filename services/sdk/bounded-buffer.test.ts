import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BoundedBuffer } from './bounded-buffer.js';

describe('BoundedBuffer', () => {
  it('refuses an event once the event capacity is reached', () => {
    const buffer = new BoundedBuffer<string>({ maxEvents: 2, maxBytes: 1_000 });
    expect(buffer.offer('a', 1)).toBe('accepted');
    expect(buffer.offer('b', 1)).toBe('accepted');
    expect(buffer.offer('c', 1)).toBe('full_events');
    expect(buffer.size).toBe(2);
  });

  it('refuses an event that would push the bytes over capacity but accepts a smaller one', () => {
    const buffer = new BoundedBuffer<string>({ maxEvents: 10, maxBytes: 10 });
    expect(buffer.offer('a', 8)).toBe('accepted');
    expect(buffer.offer('b', 3)).toBe('full_bytes');
    expect(buffer.offer('c', 2)).toBe('accepted');
    expect(buffer.sizeBytes).toBe(10);
  });

  it('peeks a batch limited by count and bytes without removing it', () => {
    const buffer = new BoundedBuffer<string>({ maxEvents: 10, maxBytes: 100 });
    for (const v of ['a', 'b', 'c', 'd']) buffer.offer(v, 10);
    expect(buffer.peek(3, 100)).toEqual(['a', 'b', 'c']);
    expect(buffer.peek(10, 25)).toEqual(['a', 'b']);
    expect(buffer.size).toBe(4);
  });

  it('always peeks at least one event even when it alone exceeds the batch bytes', () => {
    const buffer = new BoundedBuffer<string>({ maxEvents: 10, maxBytes: 100 });
    buffer.offer('big', 50);
    expect(buffer.peek(10, 5)).toEqual(['big']);
  });

  it('frees capacity when the head is removed', () => {
    const buffer = new BoundedBuffer<string>({ maxEvents: 2, maxBytes: 100 });
    buffer.offer('a', 5);
    buffer.offer('b', 7);
    expect(buffer.removeHead(1)).toEqual(['a']);
    expect(buffer.sizeBytes).toBe(7);
    expect(buffer.first()).toBe('b');
    expect(buffer.offer('c', 1)).toBe('accepted');
  });

  it('keeps FIFO order and exact accounting through any interleaving of offers and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(-1), fc.constant(-3)), { maxLength: 3_000 }), (ops) => {
        const buffer = new BoundedBuffer<number>({ maxEvents: 700, maxBytes: 10_000 });
        const model: { id: number; bytes: number }[] = [];
        let next = 0;
        for (const op of ops) {
          if (op > 0) {
            const outcome = buffer.offer(next, op);
            const modelBytes = model.reduce((s, e) => s + e.bytes, 0);
            const fits = model.length < 700 && modelBytes + op <= 10_000;
            expect(outcome === 'accepted').toBe(fits);
            if (fits) model.push({ id: next, bytes: op });
            next += 1;
          } else {
            const removed = buffer.removeHead(-op);
            expect(removed).toEqual(model.splice(0, -op).map((e) => e.id));
          }
          expect(buffer.size).toBe(model.length);
          expect(buffer.sizeBytes).toBe(model.reduce((s, e) => s + e.bytes, 0));
        }
      }),
      { numRuns: 50 },
    );
  });
});
