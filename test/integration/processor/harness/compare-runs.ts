// Compares what two processor runs over the same topics wrote.
//
// Tolerance, and why: per partition a replay sees the same prediction order and the same
// outcome order (Kafka log order), so prediction windows are byte-identical and every
// statistic computed from them must match exactly. Label windows are fed by the label join,
// whose pairs complete in an order that depends on how fetches of the two topics interleave.
// Counts do not depend on that order (every count, sample size and status must match exactly),
// but sums of floats (log loss, Brier, calibration error, regression errors) may differ in the
// last bits, and t-digests (AUC from score digests, label-delay quantiles) are order-sensitive
// within their sketch error: ≤ 1e-9 relative for the former, ≤ 0.02 absolute for AUC (a
// probability; the digests' rank error is < 1%) and ≤ 5% relative for label-delay quantiles.
import type { RunSnapshot, StatisticRow } from './store-snapshot.js';

export function valueTolerance(key: string): { absolute: number; relative: number } {
  const [, , , , , family = '', subject = '', metric = ''] = key.split('|');
  const joinFed = family === 'accuracy' || (family === 'fairness' && !/selection|disparate|parity|four_fifths/.test(metric));
  if (!joinFed) return { absolute: 0, relative: 0 };
  if (/auc/.test(metric)) return { absolute: 0.02, relative: 0 };
  if (/delay/.test(metric) || /delay/.test(subject)) return { absolute: 0, relative: 0.05 };
  return { absolute: 1e-12, relative: 1e-9 };
}

function sameValue(key: string, a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  const { absolute, relative } = valueTolerance(key);
  return Math.abs(a - b) <= absolute + relative * Math.max(Math.abs(a), Math.abs(b));
}

function sameStatistic(key: string, a: StatisticRow, b: StatisticRow): boolean {
  const sketchy = valueTolerance(key).absolute > 1e-9 || valueTolerance(key).relative > 1e-6;
  return (
    sameValue(key, a.value, b.value) &&
    a.sampleSize === b.sampleSize &&
    a.referenceSize === b.referenceSize &&
    a.partials === b.partials &&
    (sketchy || a.status === b.status)
  );
}

function diffMaps<V>(what: string, expected: Map<string, V>, actual: Map<string, V>, same: (key: string, a: V, b: V) => boolean, out: string[]): void {
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (got === undefined) out.push(`${what} missing: ${key} (expected ${JSON.stringify(want)})`);
    else if (!same(key, want, got)) out.push(`${what} differs: ${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  for (const key of actual.keys()) if (!expected.has(key)) out.push(`${what} unexpected: ${key} = ${JSON.stringify(actual.get(key))}`);
}

/** Every difference between two runs (empty when they agree), at most `limit` lines. */
export function differences(expected: RunSnapshot, actual: RunSnapshot, limit = 40): string[] {
  const out: string[] = [];
  diffMaps('statistic', expected.statistics, actual.statistics, sameStatistic, out);
  diffMaps('window state', expected.states, actual.states, (_k, a, b) => a === b, out);
  diffMaps('window profile', expected.profiles, actual.profiles, (_k, a, b) => a === b, out);
  diffMaps('stream counter', expected.counters, actual.counters, (_k, a, b) => a === b, out);
  return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more`] : out;
}

/** A short description of a snapshot, for failure messages and sanity checks. */
export function describeSnapshot(snapshot: RunSnapshot): string {
  const windows = new Set([...snapshot.statistics.keys()].map((k) => k.split('|').slice(0, 5).join('|')));
  return `${snapshot.statistics.size} statistics over ${windows.size} model windows, ${snapshot.profiles.size} profiles, counters ${JSON.stringify(Object.fromEntries(snapshot.counters))}`;
}
