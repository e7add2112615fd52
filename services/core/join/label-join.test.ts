import { describe, expect, it } from 'vitest';
import { LabelJoin } from './label-join.js';

const limits = { predictionTtlMs: 1_000, maxPendingPredictions: 3, outcomeTtlMs: 500, maxPendingOutcomes: 2 };

describe('LabelJoin', () => {
  it('joins an outcome that arrives after its prediction and records the label delay', () => {
    const join = new LabelJoin<string, string>(limits);
    expect(join.addPrediction('p1', 100, 'yes').pair).toBeNull();
    const { pair } = join.addOutcome('p1', 400, 'no');
    expect(pair).toEqual({ predictionId: 'p1', prediction: 'yes', outcome: 'no', predictionTime: 100, outcomeTime: 400, labelDelayMs: 300 });
    expect(join.stats().pendingPredictions).toBe(0);
  });

  it('joins an outcome that arrives before its prediction', () => {
    const join = new LabelJoin<string, string>(limits);
    expect(join.addOutcome('p1', 400, 'no').pair).toBeNull();
    expect(join.addPrediction('p1', 100, 'yes').pair?.labelDelayMs).toBe(300);
    expect(join.stats()).toMatchObject({ pendingOutcomes: 0, joined: 1 });
  });

  it('evicts predictions that waited past the label horizon and counts them as ttl', () => {
    const join = new LabelJoin<string, string>(limits);
    join.addPrediction('p1', 0, 'a');
    join.addPrediction('p2', 600, 'b');
    const expired = join.expire(1_001);
    expect(expired.predictions.map((e) => e.key)).toEqual(['p1']);
    expect(join.addOutcome('p1', 1_100, 'x').pair).toBeNull();
    expect(join.stats().predictionEvictions).toEqual({ ttl: 1, capacity: 0 });
  });

  it('evicts the oldest waiting outcome when the outcome buffer is full', () => {
    const join = new LabelJoin<string, string>(limits);
    join.addOutcome('o1', 10, 'a');
    join.addOutcome('o2', 20, 'b');
    const { evicted } = join.addOutcome('o3', 30, 'c');
    expect(evicted.map((e) => [e.key, e.reason])).toEqual([['o1', 'capacity']]);
    expect(join.stats().outcomeEvictions).toEqual({ ttl: 0, capacity: 1 });
  });

  it('counts a second outcome for a waiting prediction id as a duplicate', () => {
    const join = new LabelJoin<string, string>(limits);
    join.addOutcome('p1', 10, 'a');
    join.addOutcome('p1', 11, 'b');
    expect(join.stats().duplicateOutcomes).toBe(1);
    expect(join.addPrediction('p1', 5, 'x').pair?.outcome).toBe('a');
  });
});
