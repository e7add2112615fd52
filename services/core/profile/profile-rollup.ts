import type { ClosedWindow } from '../windows/tumbling-windows.js';
import { modelKeyString } from './model-key.js';
import type { ModelWindowProfile } from './model-window-profile.js';

/**
 * Merges closed windows (prediction and label windows, from any number of partitions) into one
 * profile per model key covering [from, to): a 3-day or 7-day rollup is just merging. Inputs are
 * merged in canonical (key, start) order and never mutated.
 */
export function rollUpWindows(windows: readonly ClosedWindow<ModelWindowProfile>[], from: number, to: number): Map<string, ModelWindowProfile> {
  const inRange = windows
    .filter((w) => w.start >= from && w.end <= to)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.start - b.start));
  const rollups = new Map<string, ModelWindowProfile>();
  for (const window of inRange) {
    const key = modelKeyString(window.state.key);
    const existing = rollups.get(key);
    if (existing === undefined) rollups.set(key, window.state.clone());
    else existing.merge(window.state);
  }
  return rollups;
}
