import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { decodeCheckpointState, encodeCheckpointState } from './checkpoint-state.js';

const state = {
  topology: new Uint8Array([1, 2, 3, 250]),
  counters: { prunedBefore: 0, newestMinute: 60_000, entries: [['p', 0, 60_000, 'm', 'v', 'accepted', '', 7] as const] },
  joinEvictionsSeen: { predictionCapacity: 1, outcomeCapacity: 2, outcomeTtl: 3 },
};

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the checkpoint state envelope', () => {
  it('round-trips the topology bytes, counters and join evictions', () => {
    expect(decodeCheckpointState(encodeCheckpointState(state))).toEqual(state);
  });

  it('rejects truncated, trailing or foreign bytes as CHECKPOINT_CORRUPT', () => {
    const bytes = encodeCheckpointState(state);
    for (const bad of [bytes.subarray(0, bytes.length - 2), new Uint8Array([...bytes, 0]), new Uint8Array([9, ...bytes.subarray(1)])]) {
      expect(isVigilError(thrown(() => decodeCheckpointState(bad)), 'CHECKPOINT_CORRUPT')).toBe(true);
    }
  });
});
