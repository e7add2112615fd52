// The fixture loader and the BI views (sql/0009) on both engines: the generated fleet is
// self-consistent, and the views hide the duplicates a ReplacingMergeTree keeps until it merges.
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, runMigrations } from '../../../services/adapters/store/index.js';
import type { Store } from '../../../services/adapters/store/store.js';
import { loadFixtures } from '../../../services/api/fixtures/index.js';
import { ENGINES, StoreFixture, uniqueDatabase } from '../store/store-engines.js';

const fixture = new StoreFixture();
afterAll(async () => fixture.cleanUp());

const FLEET = { models: 100, features: 4, days: 1, windowHours: 1, endMs: Date.UTC(2026, 0, 15, 12) };

async function number(store: Store, sql: string): Promise<number> {
  const rows = await store.queryRows<{ n: string | number }>(`SELECT toString(${sql}) AS n`);
  return Number(rows[0]?.n);
}

async function count(store: Store, from: string): Promise<number> {
  return number(store, `(SELECT count() FROM ${from})`);
}

describe.each(ENGINES)('the fixture fleet and the BI views on the %s engine', (engine) => {
  let store: Store;

  it('loads a fleet whose views show every row once even when it was written twice', async () => {
    store = await fixture.open(engine, uniqueDatabase('bi_views'));
    await runMigrations(store, loadMigrations('sql'));
    const first = await loadFixtures(store, FLEET);
    await loadFixtures(store, FLEET);
    const statistics = first.tables.find((table) => table.table === 'window_statistics')?.rows ?? 0;
    expect(statistics).toBeGreaterThan(0);
    const stored = await count(store, 'window_statistics');
    // Two loads wrote every row twice; a merge may already have removed some duplicates.
    expect(stored).toBeGreaterThanOrEqual(statistics);
    expect(stored).toBeLessThanOrEqual(2 * statistics);
    expect(await count(store, 'v_window_statistics')).toBe(statistics);
    expect(await count(store, 'v_models')).toBe(first.tables.find((table) => table.table === 'models')?.rows);
    expect(await count(store, 'v_model_state_current')).toBe(await count(store, 'v_models'));
  });

  it('gives every critical champion one anomaly and states that agree with their statistics', async () => {
    const criticalChampions = await count(store, "v_model_state_current WHERE model_version = 'v1' AND state = 'critical'");
    expect(criticalChampions).toBeGreaterThan(0);
    expect(await count(store, 'v_anomalies')).toBe(criticalChampions);
    const disagreeing = await count(
      store,
      `v_model_state_history AS s ANY INNER JOIN (SELECT model_id, model_version, window_end, value FROM v_feature_drift
         WHERE span = 'window' AND feature = 'num_0' AND metric = 'psi') AS d USING model_id, model_version, window_end
       WHERE s.state IN ('warning', 'critical') AND s.worst_value != d.value`,
    );
    expect(disagreeing).toBe(0);
    const healthyWithAlarm = await count(
      store,
      `v_model_state_history AS s ANY INNER JOIN (SELECT model_id, model_version, window_end, max(status = 'critical') AS alarm FROM v_window_statistics
         WHERE span = 'window' GROUP BY model_id, model_version, window_end) AS d USING model_id, model_version, window_end
       WHERE s.state = 'healthy' AND d.alarm = 1`,
    );
    expect(healthyWithAlarm).toBe(0);
  });

  it('splits fairness subjects into attribute and group and compares challengers with their champion', async () => {
    const attributes = await store.queryRows<{ attribute: string }>('SELECT DISTINCT attribute FROM v_fairness ORDER BY attribute');
    expect(attributes.map((row) => row.attribute)).toEqual(['age_band', 'gender', 'region']);
    expect(await count(store, "v_fairness WHERE group_name = ''")).toBe(0);
    const pairs = await store.queryRows<{ other_version: string; other_role: string }>(
      'SELECT DISTINCT other_version, other_role FROM v_version_comparison ORDER BY other_version',
    );
    expect(pairs).toEqual([
      { other_version: 'v2', other_role: 'challenger' },
      { other_version: 'v3', other_role: 'shadow' },
    ]);
    expect(await count(store, "v_accuracy WHERE metric = 'accuracy' AND class = ''")).toBeGreaterThan(0);
  });

  it('adds stream counters over partitions once per checkpoint and fans digests out into weighted centroids', async () => {
    const counter = (partition: number, value: number, seq: number) => ({
      source_topic: 'predictions', source_partition: partition, minute: '2026-01-15 11:59:00', model_id: 'model-00001',
      model_version: 'v1', counter: 'accepted', reason: '', value, checkpoint_seq: seq,
    });
    // Partition 0 was checkpointed twice (cumulative 5, then 7); partition 1 once.
    await store.insertRows('stream_counters', [counter(0, 5, 1), counter(1, 4, 1)]);
    await store.insertRows('stream_counters', [counter(0, 7, 2)]);
    expect(await number(store, "(SELECT sum(value) FROM v_stream_counters WHERE model_id = 'model-00001')")).toBe(11);

    const digest = {
      model_id: 'model-00001', model_version: 'v1', deployment_role: 'champion', window_kind: 'prediction',
      window_start: '2026-01-15 11:00:00', window_end: '2026-01-15 12:00:00', source_partition: 0, subject_kind: 'latency_ms',
      subject: '', count: 6, min: 1, max: 9, means: [2, 5, 8], weights: [1, 2, 3], written_at: '2026-01-15 12:00:05',
    };
    await store.insertRows('window_digests', [digest]);
    await store.insertRows('window_digests', [digest]);
    expect(await count(store, 'v_digest_centroids')).toBe(3);
    expect(await number(store, '(SELECT sum(centroid_weight) FROM v_digest_centroids)')).toBe(6);
    const quantile = await number(store, "(SELECT quantileExactWeighted(0.5)(centroid_mean, toUInt64(round(centroid_weight))) FROM v_digest_centroids WHERE subject_kind = 'latency_ms')");
    expect([2, 5, 8]).toContain(quantile);
  });
});
