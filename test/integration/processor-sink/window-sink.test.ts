import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Store } from '../../../services/adapters/store/index.js';
import type { ModelWindowProfile } from '../../../services/core/profile/index.js';
import type { ClosedWindow } from '../../../services/core/windows/index.js';
import { computeWindowStatistics } from '../../../services/processor/statistics/index.js';
import { driveTopology, HOUR } from '../../../services/processor/statistics/testing/topology-driver.js';
import type { ClickHouseWindowSink } from '../../../services/processor/sink/index.js';
import type { ClosedWindows } from '../../../services/processor/window-sink.js';
import { generateAll, T0, testFleet, testModel } from '../../../services/simulator/testing/test-fleet.js';
import { ENGINES, StoreFixture, uniqueDatabase } from '../store/store-engines.js';
import { contextOf, expectedRows, migrated, readStatistics, referenceOf, settings, sinkFor } from './sink-fixture.js';

// Simulated traffic with a sudden income drift and a gender bias from hour 3 on, through the
// pure topology, written by the ClickHouse sink on both engines.
const model = testModel({
  requestsPerHour: 1_000,
  scenarios: [
    { id: 'drift', type: 'feature_drift_sudden', feature: 'income', magnitude: 3, start: T0 + 3 * HOUR, end: T0 + 3 * HOUR },
    { id: 'bias', type: 'bias', modelVersion: '*', attribute: 'gender', unprivilegedValue: 'female', selectionRateFactor: 0.3, start: T0 + 3 * HOUR, end: T0 + 3 * HOUR },
  ],
});
const emissions = generateAll(testFleet([model], 5)).emissions;
// A label horizon far beyond the label delays: no outcome is late, whatever the partitioning.
const drive = { settingsFor: () => settings, labelHorizonMs: 12 * HOUR };
const batches = driveTopology(emissions, drive);
const predictionWindows = batches.flatMap((b) => b.predictionWindows).sort((a, b) => a.start - b.start);
const labelWindows = batches.flatMap((b) => b.labelWindows).sort((a, b) => a.start - b.start);
const reference = referenceOf(predictionWindows);

const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());

async function writeAll(store: Store, all: readonly ClosedWindows[], latencies?: string[], partialCacheBytes?: number): Promise<ClickHouseWindowSink> {
  const sink = sinkFor(store, reference, latencies, partialCacheBytes);
  for (const batch of all) await sink.write([batch]);
  return sink;
}

const asWindows = (ws: readonly ClosedWindow<ModelWindowProfile>[]) => ws.map((w) => ({ start: w.start, end: w.end, profile: w.state }));
const pick = (rows: readonly { end: number; family: string; subject: string; metric: string; value: number | null; status: string; sample_size: string }[]) =>
  rows.map((r) => ({ end: r.end, family: r.family, subject: r.subject, metric: r.metric, value: r.value, status: r.status, sample_size: r.sample_size }));
const byKey = <T extends { end: number; family: string; subject: string; metric: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => a.end - b.end || a.family.localeCompare(b.family) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) || (a.metric < b.metric ? -1 : 1));

describe.each(ENGINES)('ClickHouseWindowSink on the %s engine', (engine) => {
  let store: Store;
  const latencies: string[] = [];

  beforeAll(async () => {
    store = await migrated(await fixture.open(engine, uniqueDatabase('sink')));
    await writeAll(store, batches, latencies);
  });

  it('stores statistics equal to the ones the pure functions compute in memory', async () => {
    const stored = await readStatistics(store);
    const expected = [...expectedRows('prediction', asWindows(predictionWindows), reference), ...expectedRows('label', asWindows(labelWindows), reference)];
    expect(stored.length).toBeGreaterThan(100);
    expect(byKey(pick(stored))).toEqual(byKey(expected));
    expect(new Set(stored.map((r) => r.partials))).toEqual(new Set([1]));
    expect(new Set(stored.map((r) => r.reference_id))).toEqual(new Set(['ref-first-windows']));
  });

  it('stores the rolling 7-day span of the last window as the merge of every earlier window', async () => {
    const last = predictionWindows.at(-1)!;
    const merged = predictionWindows.slice(1).reduce((acc, w) => acc.merge(w.state), predictionWindows[0]!.state.clone());
    const expected = computeWindowStatistics({ kind: 'prediction', profile: merged, context: contextOf(reference) });
    const predictionKeys = new Set(expected.map((s) => `${s.family}/${s.subject}/${s.metric}`));
    const stored = (await readStatistics(store, 'rolling_7d')).filter((r) => r.end === last.end && predictionKeys.has(`${r.family}/${r.subject}/${r.metric}`));
    expect(byKey(stored).map((r) => [r.family, r.subject, r.metric, r.value, r.status])).toEqual(
      byKey(expected.map((s) => ({ ...s, end: last.end }))).map((s) => [s.family, s.subject, s.metric, s.value, s.status]),
    );
    expect(new Set(stored.map((r) => r.partials))).toEqual(new Set([predictionWindows.length]));
    expect(new Set(stored.map((r) => r.start))).toEqual(new Set([last.end - 7 * 24 * HOUR]));
  });

  it('writes one profile per window and partition, digests whose weights add up, and reports write latency per table', async () => {
    const [profiles] = await store.queryRows<{ n: string }>('SELECT count() AS n FROM window_profiles FINAL');
    expect(Number(profiles!.n)).toBe(predictionWindows.length + labelWindows.length);
    const digests = await store.queryRows<{ count: unknown; total: unknown }>(
      "SELECT count, arraySum(weights) AS total FROM window_digests FINAL WHERE subject_kind = 'feature' AND subject = 'income'",
    );
    expect(digests.length).toBe(predictionWindows.length);
    for (const d of digests) expect(Number(d.total)).toBeCloseTo(Number(d.count), 6);
    expect(new Set(latencies)).toEqual(new Set(['window_profiles', 'window_digests', 'window_statistics', 'model_window_states', 'model_current_state']));
  });

  it('shows the injected drift and bias as critical only in the windows after they start', async () => {
    const stored = await readStatistics(store);
    const status = (metric: string, subject: string, before: boolean) =>
      stored.filter((r) => r.metric === metric && r.subject === subject && (before ? r.end <= T0 + 3 * HOUR : r.end > T0 + 3 * HOUR)).map((r) => r.status);
    expect(status('psi', 'income', false)).toEqual(['critical', 'critical']);
    expect(status('psi', 'income', true).every((s) => s === 'ok')).toBe(true);
    expect(status('disparate_impact', 'gender=female', false)).toEqual(['critical', 'critical']);
    expect(status('disparate_impact', 'gender=female', true)).not.toContain('critical');
    const states = await store.queryRows<{ end: string; state: string; worst_family: string; labelled: string; predictions: string }>(
      'SELECT toUnixTimestamp(window_end) * 1000 AS end, state, worst_family, labelled, predictions FROM model_window_states FINAL ORDER BY window_end',
    );
    expect(states.filter((s) => Number(s.end) > T0 + 3 * HOUR).map((s) => s.state)).toEqual(['critical', 'critical']);
    expect(states.map((s) => Number(s.labelled))).toEqual(labelWindows.map((w) => w.state.joined));
    expect(states.map((s) => Number(s.predictions))).toEqual(predictionWindows.map((w) => w.state.predictions));
    const [current] = await store.queryRows<{ end: string; state: string }>('SELECT toUnixTimestamp(window_end) * 1000 AS end, state FROM model_current_state FINAL');
    expect(Number(current!.end)).toBe(predictionWindows.at(-1)!.end);
  });

  it('leaves the same rows under FINAL when every batch is written again', async () => {
    const tables = ['window_profiles', 'window_digests', 'window_statistics', 'model_window_states', 'model_current_state'];
    const snapshot = async () => Promise.all(tables.map((t) => store.queryRows(`SELECT * FROM ${t} FINAL ORDER BY tuple(*)`)));
    const before = await snapshot();
    await writeAll(store, batches);
    expect(await snapshot()).toEqual(before);
  });

  it('computes rolling spans from its partial cache and day folds exactly as from the store, as an instance with no cache does', async () => {
    // Traffic across midnight, so spans fold two days: yesterday's once, today's one window at a time.
    const crossing = driveTopology(generateAll({ ...testFleet([model], 5), startTime: T0 - 3 * HOUR, endTime: T0 + 3 * HOUR }).emissions, drive);
    const warm = await migrated(await fixture.open(engine, uniqueDatabase('sink_warm')));
    const cached = await writeAll(warm, crossing);
    const cold = await migrated(await fixture.open(engine, uniqueDatabase('sink_cold')));
    const uncached = await writeAll(cold, crossing, undefined, 0);
    expect(cached.partialCache.hits).toBeGreaterThan(predictionWindows.length);
    expect(uncached.partialCache.size).toBe(0);
    for (const span of ['rolling_3d', 'rolling_7d']) {
      const fromCache = await readStatistics(warm, span);
      expect(fromCache.length).toBeGreaterThan(100);
      expect(fromCache).toEqual(await readStatistics(cold, span));
    }
    // The last span is yesterday's windows folded in order, then today's, then the two days.
    const windows = crossing.flatMap((b) => b.predictionWindows).sort((a, b) => a.start - b.start);
    const foldInOrder = (ws: readonly ModelWindowProfile[]): ModelWindowProfile => ws.slice(1).reduce((acc, w) => acc.merge(w), ws[0]!.clone());
    const days = [windows.filter((w) => w.start < T0), windows.filter((w) => w.start >= T0)].map((ws) => foldInOrder(ws.map((w) => w.state)));
    expect(days.map((d) => d.predictions).every((n) => n > 0)).toBe(true);
    const expected = computeWindowStatistics({ kind: 'prediction', profile: foldInOrder(days), context: contextOf(reference) });
    const last = windows.at(-1)!;
    const keys = new Set(expected.map((x) => `${x.family}/${x.subject}/${x.metric}`));
    const stored = (await readStatistics(warm, 'rolling_7d')).filter((r) => r.end === last.end && keys.has(`${r.family}/${r.subject}/${r.metric}`));
    expect(byKey(stored).map((r) => [r.family, r.subject, r.metric, r.value, r.status])).toEqual(
      byKey(expected.map((x) => ({ ...x, end: last.end }))).map((x) => [x.family, x.subject, x.metric, x.value, x.status]),
    );
  });

  it('writes the closes of several partitions in one write with the same rows as one close at a time', async () => {
    const split = driveTopology(emissions, { ...drive, partitionOf: (id) => (Number(id.split('-').at(-2)) % 2) });
    const apart = await migrated(await fixture.open(engine, uniqueDatabase('sink_apart')));
    await writeAll(apart, split);
    const together = await migrated(await fixture.open(engine, uniqueDatabase('sink_together')));
    const sink = sinkFor(together, reference);
    // As the SinkWriter does when partitions close while a write runs: consecutive closes of both partitions in one write.
    for (let i = 0; i < split.length; i += 3) await sink.write(split.slice(i, i + 3));
    const tables = ['window_profiles', 'window_digests', 'window_statistics', 'model_window_states', 'model_current_state', 'version_comparisons'];
    const snapshot = async (s: Store) => Promise.all(tables.map((t) => s.queryRows(`SELECT * FROM ${t} FINAL ORDER BY tuple(*)`)));
    const [expected, actual] = [await snapshot(apart), await snapshot(together)];
    expect(expected[2]!.length).toBeGreaterThan(100);
    expect(actual).toEqual(expected);
  });

  it('merges two partitions of a hot model into the statistics of one partition holding every event', async () => {
    const split = driveTopology(emissions, { ...drive, partitionOf: (id) => (Number(id.split('-').at(-2)) % 2) });
    const hot = await migrated(await fixture.open(engine, uniqueDatabase('sink_hot')));
    await writeAll(hot, split);
    const one = await readStatistics(store);
    const two = await readStatistics(hot);
    expect(two.map((r) => [r.end, r.family, r.subject, r.metric])).toEqual(one.map((r) => [r.end, r.family, r.subject, r.metric]));
    expect(new Set(two.map((r) => r.partials))).toEqual(new Set([2]));
    const counts = new Set(['predictions', 'labelled', 'selection_rate', 'disparate_impact', 'accuracy', 'missing_rate', 'new_category_rate', 'l_infinity', 'chi_square']);
    two.forEach((r, i) => {
      const o = one[i]!;
      expect(r.sample_size, `${r.family}/${r.subject}/${r.metric}`).toBe(o.sample_size);
      if (counts.has(r.metric) || r.value === null) expect(r.value).toBe(o.value);
      else expect(Math.abs(r.value - o.value!), `${r.family}/${r.subject}/${r.metric}`).toBeLessThanOrEqual(0.03 * Math.max(1, Math.abs(o.value!)));
    });
    const [behind] = await hot.queryRows<{ n: string }>(sql`SELECT count() AS n FROM model_window_states FINAL WHERE partials != ${4}`);
    expect(Number(behind!.n)).toBe(0);
  });
});
