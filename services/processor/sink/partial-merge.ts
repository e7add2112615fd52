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

/**
 * Folds partials in (window start, partition) order into a fresh profile, so every partition
 * computing the same window from the same partials gets byte-identical results. Partials whose
 * settings differ from `like` (model settings changed between windows) cannot be merged and are
 * left out and counted.
 */
export function mergePartials(partials: readonly Partial[], like: ModelWindowProfile): MergedPartials | undefined {
  const ordered = [...partials].sort((a, b) => a.start - b.start || a.partition - b.partition);
  let profile: ModelWindowProfile | undefined;
  let merged = 0;
  let incompatible = 0;
  for (const p of ordered) {
    if (p.profile.parts.id !== like.parts.id || !sameSettings(p.profile.settings, like.settings)) {
      incompatible += 1;
      continue;
    }
    if (profile === undefined) profile = p.profile.clone();
    else profile.merge(p.profile);
    merged += 1;
  }
  return profile === undefined ? undefined : { profile, merged, incompatible };
}
