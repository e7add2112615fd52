import { describe, expect, it } from 'vitest';
import { binarySettings, prediction } from '../../core/profile/event-builders.test-support.js';
import { deserializeProfile, ModelWindowProfile, serializeProfile, sketchProfileParts } from '../../core/profile/index.js';
import { FOLD_BLOCK_MS, mergePartials, type BlockFold, type BlockFoldMemo, type Partial } from './partial-merge.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const key = { modelId: 'credit', modelVersion: 'v1', deploymentRole: 'champion' } as const;

/** An hourly window's partial of one partition, with events that differ per window. */
function partial(hour: number, partition = 0, events = 40): Partial {
  const start = hour * HOUR;
  const profile = ModelWindowProfile.forWindow(key, { start, end: start + HOUR }, binarySettings, sketchProfileParts);
  for (let i = 0; i < events; i++) {
    const eventTime = start + i * 1000 + partition;
    profile.addPrediction({ ...prediction({ id: `${hour}-${partition}-${i}`, eventTime, score: ((hour * 31 + i * 7) % 100) / 100 }), features: { income: 900 + ((hour * 13 + i * 17) % 400) * (1 + partition), region: 'north' } });
  }
  // As read back from the store: decoded from its bytes.
  return { start, partition, profile: deserializeProfile(serializeProfile(profile), sketchProfileParts) };
}

class CountingMemo implements BlockFoldMemo {
  readonly folds = new Map<number, BlockFold>();
  puts = 0;
  get(blockStart: number): BlockFold | undefined {
    return this.folds.get(blockStart);
  }
  put(blockStart: number, fold: BlockFold): void {
    this.puts += 1;
    this.folds.set(blockStart, fold);
  }
}

const bytes = (profile: ModelWindowProfile | undefined): string => Buffer.from(serializeProfile(profile!)).toString('base64');

describe('folding partials per day', () => {
  it('folds one day in (window start, partition) order, the same bytes as a left fold of the partials', () => {
    const partials = [partial(5, 1), partial(3, 0), partial(5, 0), partial(4, 2)];
    const leftFold = [partial(3, 0), partial(4, 2), partial(5, 0), partial(5, 1)].reduce<ModelWindowProfile | undefined>(
      (acc, p) => (acc === undefined ? p.profile.clone() : acc.merge(p.profile)),
      undefined,
    );
    const merged = mergePartials(partials, partials[0]!.profile)!;
    expect(bytes(merged.profile)).toBe(bytes(leftFold));
    expect([merged.merged, merged.incompatible]).toEqual([4, 0]);
  });

  it('folds each day, then the days in order, whatever order the partials come in', () => {
    const hours = [2, 20, 25, 30, 47, 50];
    const partials = hours.map((h) => partial(h));
    const dayFold = (list: readonly Partial[]): ModelWindowProfile => list.slice(1).reduce((acc, p) => acc.merge(p.profile), list[0]!.profile.clone());
    const days = [0, 1, 2].map((d) => dayFold(partials.filter((p) => Math.floor(p.start / FOLD_BLOCK_MS) === d)));
    const expected = days.slice(1).reduce((acc, d) => acc.merge(d), days[0]!.clone());
    expect(bytes(mergePartials([...partials].reverse(), partials[0]!.profile)?.profile)).toBe(bytes(expected));
  });

  it('gives every close of hourly 3- and 7-day spans the same bytes with a memo as without, folding each whole day once', () => {
    const memo = new CountingMemo();
    const stored: Partial[] = [];
    let folded = 0;
    for (let hour = 0; hour < 9 * 24; hour += 1) {
      stored.push(partial(hour, 0, 10 + (hour % 7)));
      const end = (hour + 1) * HOUR;
      for (const spanMs of [3 * DAY, 7 * DAY]) {
        const from = end - spanMs;
        const inSpan = stored.filter((p) => p.start >= from);
        const putsBefore = memo.puts;
        const withMemo = mergePartials(inSpan, inSpan[0]!.profile, { folds: memo, from });
        const without = mergePartials(inSpan, inSpan[0]!.profile);
        expect(bytes(withMemo?.profile)).toBe(bytes(without?.profile));
        folded += memo.puts - putsBefore;
      }
    }
    // One block folded per close: today's, grown by the new window (the 7-day span then finds it
    // as the 3-day span left it); every whole day comes from the memo.
    expect(folded).toBe(9 * 24);
    expect(memo.folds.get(0)?.versions).toHaveLength(24);
  });

  it('folds again a day whose partial changed (a late event) instead of reusing its stale fold', () => {
    const memo = new CountingMemo();
    const day = [partial(0), partial(1), partial(2)];
    mergePartials(day, day[0]!.profile, { folds: memo, from: 0 });
    const changed = [day[0]!, partial(1, 0, 41), day[2]!];
    const withMemo = mergePartials(changed, changed[0]!.profile, { folds: memo, from: 0 });
    expect(bytes(withMemo?.profile)).toBe(bytes(mergePartials(changed, changed[0]!.profile)?.profile));
    expect(withMemo?.profile.predictions).toBe(40 + 41 + 40);
  });

  it('leaves out and counts partials built with other model settings', () => {
    const other = ModelWindowProfile.forWindow(key, { start: 2 * HOUR, end: 3 * HOUR }, { ...binarySettings, maxClasses: 4 }, sketchProfileParts);
    const merged = mergePartials([partial(0), partial(1), { start: 2 * HOUR, partition: 0, profile: other }], partial(0).profile)!;
    expect([merged.merged, merged.incompatible, merged.profile.predictions]).toEqual([2, 1, 80]);
  });
});
