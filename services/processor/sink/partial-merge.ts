import { sameSettings, type ModelWindowProfile } from '../../core/profile/index.js';

export interface Partial {
  readonly start: number;
  readonly partition: number;
  readonly profile: ModelWindowProfile;
}

export interface MergedPartials {
  readonly profile: ModelWindowProfile;
  /** Partials folded in. */
  readonly merged: number;
  /** Partials left out because they were built with other settings or sketch kit than `like`. */
  readonly incompatible: number;
}

/** Partials are folded per block of window starts (UTC days), then the blocks are folded. */
export const FOLD_BLOCK_MS = 86_400_000;

/** A fold of one block's first partials, kept so later spans need not fold them again. */
export interface BlockFold {
  /** `partialVersion` of every partial folded in, in fold order. */
  readonly versions: readonly string[];
  /** Never mutated once stored. */
  readonly profile: ModelWindowProfile;
}

/** Where block folds are kept between spans; the fold is the same with or without one. */
export interface BlockFoldMemo {
  get(blockStart: number): BlockFold | undefined;
  put(blockStart: number, fold: BlockFold, partials: readonly Partial[]): void;
}

export interface SpanMemo {
  readonly folds: BlockFoldMemo;
  /**
   * The span's first window start. Only blocks that start inside the span use the memo: the
   * block the span cuts holds a different suffix at every close, and its fold would push out
   * the whole block's that a longer span reuses.
   */
  readonly from: number;
}

/** What identifies a partial's content: its window, partition and counts (a late event changes them). */
export function partialVersion(p: Partial): string {
  return `${p.start}/${p.partition}/${p.profile.predictions}/${p.profile.joined}`;
}

/**
 * Folds partials into a fresh profile, the same bytes on every instance: in (window start,
 * partition) order within each UTC day of window starts, then the days in order. Days make
 * rolling spans cheap without changing their result: a day that is whole in the span is folded
 * once and reused by every later close, and today's fold is extended by the newest window only
 * (`memo`). Partials whose settings differ from `like` (model settings changed between
 * windows) cannot be merged and are left out and counted.
 */
export function mergePartials(partials: readonly Partial[], like: ModelWindowProfile, memo?: SpanMemo): MergedPartials | undefined {
  const blocks = new Map<number, Partial[]>();
  let merged = 0;
  let incompatible = 0;
  for (const p of [...partials].sort((a, b) => a.start - b.start || a.partition - b.partition)) {
    if (p.profile.parts.id !== like.parts.id || !sameSettings(p.profile.settings, like.settings)) {
      incompatible += 1;
      continue;
    }
    const block = Math.floor(p.start / FOLD_BLOCK_MS) * FOLD_BLOCK_MS;
    const list = blocks.get(block) ?? [];
    list.push(p);
    blocks.set(block, list);
    merged += 1;
  }
  let profile: ModelWindowProfile | undefined;
  for (const [block, list] of blocks) {
    const fold = foldBlock(block, list, memo !== undefined && block >= memo.from ? memo.folds : undefined);
    // A fresh fold belongs to no one and can take the others; a kept one is copied first.
    if (profile === undefined) profile = fold.fresh ? fold.profile : fold.profile.clone();
    else profile.merge(fold.profile);
  }
  return profile === undefined ? undefined : { profile, merged, incompatible };
}

/** The left fold of one block's partials, extending the memo's fold when it covers a prefix of them. */
function foldBlock(block: number, list: readonly Partial[], memo: BlockFoldMemo | undefined): { profile: ModelWindowProfile; fresh: boolean } {
  const versions = list.map(partialVersion);
  const known = memo?.get(block);
  const reusable = known !== undefined && known.versions.length <= versions.length && known.versions.every((v, i) => v === versions[i]);
  if (reusable && known.versions.length === versions.length) return { profile: known.profile, fresh: false };
  let profile: ModelWindowProfile;
  let next: number;
  if (reusable) {
    profile = known.profile.clone();
    next = known.versions.length;
  } else {
    profile = (list[0] as Partial).profile.clone();
    next = 1;
  }
  for (let i = next; i < list.length; i++) profile.merge((list[i] as Partial).profile);
  if (memo === undefined) return { profile, fresh: true };
  // Stored, it must stay unchanged: the caller gets a copy to fold further into.
  memo.put(block, { versions, profile }, list);
  return { profile, fresh: false };
}
