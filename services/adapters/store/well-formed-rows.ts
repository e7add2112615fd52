import type { StoreRow } from './store.js';

// A string with a lone UTF-16 surrogate has no UTF-8 form. JSON.stringify writes it as a
// \ud800-style escape, which chDB 26.x rejects (failing the whole batch) and 18.16 stores
// as invalid bytes. Rows are bulk data, so instead of failing a batch for one value, lone
// surrogates become U+FFFD — exactly what Node's own UTF-8 encoder does.
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(wellFormed);
  return value;
}

function needsRepair(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(needsRepair);
  return false;
}

/** The rows unchanged when all their text is well-formed (the usual case, no copy); repaired copies otherwise. */
export function wellFormedRows(rows: readonly StoreRow[]): readonly StoreRow[] {
  return rows.map((row) => {
    if (!Object.values(row).some(needsRepair)) return row;
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, wellFormed(value)]));
  });
}
