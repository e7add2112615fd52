import { describe, expect, it } from 'vitest';
import { automaticReferenceId, isReferenceId, newReferenceId } from './reference-id.js';

const windows = [
  { modelVersion: 'v1', deploymentRole: 'champion', windowStart: 3_600_000, sourcePartition: 0, events: 700 },
  { modelVersion: 'v1', deploymentRole: 'champion', windowStart: 7_200_000, sourcePartition: 0, events: 400 },
];

describe('reference ids', () => {
  it('names user references by creation time and a random suffix', () => {
    const id = newReferenceId(Date.UTC(2024, 4, 1, 10, 30, 5), () => 'abc123');
    expect(id).toBe('ref_20240501103005_abc123');
    expect(isReferenceId(id)).toBe(true);
  });

  it('derives the automatic id from the model and the exact windows, so racing writers agree', () => {
    const id = automaticReferenceId('credit', windows);
    expect(automaticReferenceId('credit', windows.map((w) => ({ ...w })))).toBe(id);
    expect(isReferenceId(id)).toBe(true);
    expect(automaticReferenceId('credit', windows.slice(0, 1))).not.toBe(id);
    expect(automaticReferenceId('credit', [windows[0]!, { ...windows[1]!, events: 401 }])).not.toBe(id);
    expect(automaticReferenceId('fraud', windows)).not.toBe(id);
  });

  it('accepts only plain ids that are safe in URLs and rows', () => {
    expect(['a', 'ref_1', 'auto_ff.v2:x-y'].every(isReferenceId)).toBe(true);
    expect(['', '_x', 'a b', 'a/b', 'x'.repeat(129)].some(isReferenceId)).toBe(false);
  });
});
