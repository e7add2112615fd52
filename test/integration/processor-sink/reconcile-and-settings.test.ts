import { afterAll, describe, expect, it } from 'vitest';
import { formatDateTimeUtc, type Store } from '../../../services/adapters/store/index.js';
import { compareVersions, Z_95 } from '../../../services/core/compare/index.js';
import { DRIFT_THRESHOLDS } from '../../../services/core/drift/index.js';
import { ClickHouseWindowSink, reconcilePartials } from '../../../services/processor/sink/index.js';
import { profileRow } from '../../../services/processor/sink/store-rows.js';
import { loadSettingsSnapshot } from '../../../services/processor/settings/index.js';
import { driveTopology, HOUR } from '../../../services/processor/statistics/testing/topology-driver.js';
import { sameReferenceForEveryModel } from '../../../services/references/index.js';
import type { ClosedWindows } from '../../../services/processor/window-sink.js';
import { generateAll, testFleet, testModel } from '../../../services/simulator/testing/test-fleet.js';
import { ENGINES, StoreFixture, uniqueDatabase } from '../store/store-engines.js';
import { FIXED_NOW, logger, migrated, readStatistics, referenceOf, settings, snapshot } from './sink-fixture.js';

// A champion and a challenger scoring every request, spread over two partitions by request.
const model = testModel({
  requestsPerHour: 600,
  versions: [
    { version: 'v1', role: 'champion', trafficShare: 1, coefficientNoise: 0.1 },
    { version: 'v2', role: 'challenger', trafficShare: 1, coefficientNoise: 0.4 },
  ],
});
const byRequest = (predictionId: string) => Number(predictionId.split('-').at(-2)) % 2;
const batches = driveTopology(generateAll(testFleet([model], 3)).emissions, { settingsFor: () => settings, labelHorizonMs: 12 * HOUR, partitionOf: byRequest });
const champion = batches.flatMap((b) => b.predictionWindows).filter((w) => w.key.endsWith('|v1|champion'));
const reference = referenceOf(champion);

const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());

/** Without rolling spans, so the cheap partial count decides whether stored partials are read. */
function sink(store: Store): ClickHouseWindowSink {
  return new ClickHouseWindowSink({ store, references: sameReferenceForEveryModel(reference), settings: () => snapshot, logger, now: () => FIXED_NOW, rollingSpans: false });
}

async function writeAll(store: Store, all: readonly ClosedWindows[]): Promise<void> {
  const s = sink(store);
  for (const batch of all) await s.write([batch]);
}

describe.each(ENGINES)('reconcile, comparisons and settings on the %s engine', (engine) => {
  it('recomputes statistics merged from fewer partials than stored, until they equal a complete write', async () => {
    const complete = await migrated(await fixture.open(engine, uniqueDatabase('rec_full')));
    await writeAll(complete, batches);
    const raced = await migrated(await fixture.open(engine, uniqueDatabase('rec_race')));
    // Partition 1's partials arrive after partition 0 computed its statistics, and nobody merged them.
    await writeAll(raced, batches.filter((b) => b.partition === 0));
    const late = batches.filter((b) => b.partition === 1).flatMap((b) => [
      ...b.predictionWindows.map((w) => profileRow({ modelKey: w.key, start: w.start, end: w.end }, 'prediction', 1, w.state, FIXED_NOW)),
      ...b.labelWindows.map((w) => profileRow({ modelKey: w.key, start: w.start, end: w.end }, 'label', 1, w.state, FIXED_NOW)),
    ]);
    await raced.insertRows('window_profiles', late);
    expect(new Set((await readStatistics(raced)).map((r) => r.partials))).toEqual(new Set([1]));

    const recomputed = await reconcilePartials(raced, sink(raced), 1000, FIXED_NOW);
    expect(recomputed).toBe(late.length);
    expect(await readStatistics(raced)).toEqual(await readStatistics(complete));
    expect(await reconcilePartials(raced, sink(raced), 1000, FIXED_NOW)).toBe(0);
  });

  it('writes paired and independent version comparisons between the champion and the challenger', async () => {
    const store = await migrated(await fixture.open(engine, uniqueDatabase('compare')));
    await writeAll(store, batches);
    const rows = await store.queryRows<{ metric: string; end: string; delta: number | null; champion_value: number | null; other_value: number | null; sample_size: string }>(
      "SELECT metric, toUnixTimestamp(window_end) * 1000 AS end, delta, champion_value, other_value, sample_size FROM version_comparisons FINAL WHERE other_version = 'v2' AND other_role = 'challenger' ORDER BY window_end, metric",
    );
    expect(new Set(rows.map((r) => r.metric))).toEqual(new Set(['agreement_rate', 'paired_selection_rate_difference', 'score_difference_mean', 'selection_rate', 'mean_score', 'accuracy']));
    const window = champion.sort((a, b) => a.start - b.start)[1]!;
    const merge = (suffix: string) => {
      const parts = batches.flatMap((b) => b.predictionWindows).filter((w) => w.start === window.start && w.key.endsWith(suffix)).sort((a, b) => (a === b ? 0 : batches.findIndex((x) => x.predictionWindows.includes(a)) - batches.findIndex((x) => x.predictionWindows.includes(b))));
      return parts.slice(1).reduce((acc, w) => acc.merge(w.state), parts[0]!.state.clone());
    };
    const expected = compareVersions(merge('|v1|champion'), merge('|v2|challenger'), Z_95).deltas.find((d) => d.metric === 'selection_rate')!;
    const stored = rows.find((r) => r.metric === 'selection_rate' && Number(r.end) === window.end)!;
    expect(Number(stored.delta)).toBeCloseTo(expected.estimate, 12);
    expect(Number(stored.champion_value)).toBeCloseTo(expected.champion, 12);
  });

  it('loads thresholds and model settings with the latest seq winning and deleted overrides gone', async () => {
    const store = await migrated(await fixture.open(engine, uniqueDatabase('settings')));
    const at = formatDateTimeUtc(FIXED_NOW);
    const threshold = (scope: string, metric: string, warn: number, rule: string, deleted: number, seq: number) => ({
      scope, family: 'drift', metric, warn, critical: warn * 2, rule, deleted, updated_by: 'test', updated_at: at, seq,
    });
    await store.insertRows('metric_thresholds', [
      threshold('*', 'psi', 0.2, 'at_least', 0, 1),
      threshold('m1', 'psi', 0.3, 'at_least', 0, 1),
      threshold('m1', 'psi', 0.35, 'at_least', 0, 2),
      threshold('*', 'hellinger', 0.5, 'at_least', 0, 1),
      threshold('*', 'hellinger', 0.5, 'at_least', 1, 2),
      threshold('*', 'l_infinity', 0.5, 'sideways', 0, 1),
    ]);
    const setting = (scope: string, positive: string, attributes: string[], groups: string[], deleted: number, seq: number) => ({
      scope, positive_label: positive, protected_attributes: attributes, privileged_groups: groups, deleted, updated_by: 'test', updated_at: at, seq,
    });
    await store.insertRows('model_settings', [
      setting('*', '1', ['gender'], ['gender=male'], 0, 1),
      setting('m1', 'yes', ['gender', 'region'], ['gender=female', 'region=north'], 0, 1),
      setting('m2', '', [], [], 0, 1),
      setting('m2', '', [], [], 1, 2),
    ]);
    const { snapshot: loaded, rejected } = await loadSettingsSnapshot(store);
    expect(rejected).toBe(1);
    expect(loaded.thresholdFor('m1', 'drift', 'psi')).toEqual({ warn: 0.35, critical: 0.7, rule: 'at_least' });
    expect(loaded.thresholdFor('m9', 'drift', 'psi')).toEqual({ warn: 0.2, critical: 0.4, rule: 'at_least' });
    expect(loaded.thresholdFor('m9', 'drift', 'hellinger')).toEqual(DRIFT_THRESHOLDS.hellinger);
    expect(loaded.thresholdFor('m9', 'drift', 'l_infinity')).toEqual(DRIFT_THRESHOLDS.l_infinity);
    expect(loaded.settingsFor('m1')).toMatchObject({ positiveLabel: 'yes', protectedAttributes: ['gender', 'region'] });
    expect(loaded.privilegedGroupsFor('m1')).toEqual({ gender: 'female', region: 'north' });
    expect(loaded.settingsFor('m2')).toMatchObject({ positiveLabel: '1', protectedAttributes: ['gender'] });
  });
});
