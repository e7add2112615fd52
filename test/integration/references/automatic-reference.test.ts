import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../services/adapters/store/index.js';
import { serializeProfile, type ModelWindowProfile } from '../../../services/core/profile/index.js';
import { binarySettings } from '../../../services/core/profile/event-builders.test-support.js';
import { createRootLogger } from '../../../services/shared/logger.js';
import { ReferenceRepository, StoreReferenceSource, chooseAutomaticReference, ensureAutomaticReference, ensureAutomaticReferences } from '../../../services/references/index.js';
import { ENGINES, StoreFixture, type Engine } from '../store/store-engines.js';
import { HOUR, insertWindows, migratedStore, T0, windowProfile, type WindowSpec } from './reference-fixtures.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());
const logger = createRootLogger({ level: 'silent', service: 'reference-test' });

const bytes = (p: ModelWindowProfile) => Buffer.from(serializeProfile(p));

const FIRST_WINDOWS: (WindowSpec & { partition: number })[] = [
  { hour: 2, predictions: 500, shift: 3, partition: 0 },
  { hour: 1, predictions: 200, shift: 2, partition: 1 },
  { hour: 0, predictions: 400, shift: 0, partition: 0 },
  { hour: 1, predictions: 300, shift: 1, partition: 0 },
  { hour: 0, version: 'v9', role: 'shadow', predictions: 1_000, partition: 0 },
];

function source(store: Store, clock: { now: number }, minPredictions = 800): StoreReferenceSource {
  return new StoreReferenceSource({ store, autoReferenceMinPredictions: minPredictions, refreshIntervalMs: 30_000, missRetryMs: 1_000, clock: () => clock.now, logger });
}

async function storeWith(engine: Engine, purpose: string, windows: readonly (WindowSpec & { partition?: number })[]): Promise<Store> {
  const store = await migratedStore(fixture, engine, purpose);
  await insertWindows(store, windows.map((w) => ({ profile: windowProfile(w), partition: w.partition ?? 0 })));
  return store;
}

describe.each(ENGINES)('the automatic reference on the %s engine', (engine) => {
  it('pins the first whole windows that reach the minimum, merged in order, with a deterministic id and a past seq', async () => {
    const store = await storeWith(engine, 'autopin', FIRST_WINDOWS);
    const current = await source(store, { now: T0 + 10 * HOUR }).currentFor('credit');

    const byHour = (hour: number, partition: number) => FIRST_WINDOWS.find((w) => w.hour === hour && w.partition === partition && w.role === undefined)!;
    const [expected, ...rest] = [byHour(0, 0), byHour(1, 0), byHour(1, 1)].map((w) => windowProfile({ ...w, version: '*' }));
    for (const profile of rest) expected!.merge(profile);
    expect(current?.source).toBe('automatic');
    expect(current?.referenceId).toMatch(/^auto_[0-9a-f]{32}$/);
    expect(current === null ? null : bytes(current.profile).equals(bytes(expected!))).toBe(true);
    const repository = new ReferenceRepository(store);
    expect(await repository.currentAssignment('credit')).toEqual({ modelId: 'credit', referenceId: current?.referenceId, assignedBy: 'automatic', assignedAt: T0 + 2 * HOUR, seq: T0 + 2 * HOUR });
    expect(await repository.list('credit')).toEqual([
      expect.objectContaining({ source: 'automatic', rangeStart: T0, rangeEnd: T0 + 2 * HOUR, predictions: 900, createdAt: T0 + 2 * HOUR, createdBy: 'automatic' }),
    ]);
  });

  it('converges when several processors race to pin it: one reference row, one assignment, the same answer everywhere', async () => {
    const store = await storeWith(engine, 'autorace', FIRST_WINDOWS);
    const clock = { now: T0 + 10 * HOUR };
    // Separate connections, as separate processor instances would have.
    const stores = [store, await fixture.open(engine, store.database), await fixture.open(engine, store.database)];
    const answers = await Promise.all(stores.flatMap((s) => [source(s, clock).currentFor('credit'), source(s, clock).currentFor('credit')]));

    const ids = new Set(answers.map((a) => a?.referenceId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^auto_/);
    const rows = await store.queryRows<{ ids: string; n: string }>(
      "SELECT uniqExact(reference_id) AS ids, count() AS n FROM reference_profiles FINAL WHERE model_id = 'credit'",
    );
    expect(rows).toEqual([{ ids: '1', n: '1' }]);
    expect((await new ReferenceRepository(store).currentAssignment('credit'))?.referenceId).toBe([...ids][0]);
  });

  it('answers null until enough predictions are stored, then pins once the miss is retried', async () => {
    const store = await storeWith(engine, 'autowait', [{ hour: 0, predictions: 400 }]);
    const clock = { now: T0 + 10 * HOUR };
    const processor = source(store, clock);
    expect(await processor.currentFor('credit')).toBeNull();

    await insertWindows(store, [{ profile: windowProfile({ hour: 1, predictions: 500, shift: 1 }) }]);
    expect(await processor.currentFor('credit')).toBeNull();
    clock.now += 1_001;
    expect((await processor.currentFor('credit'))?.source).toBe('automatic');
  });

  it('restarts the walk after a settings change rather than pooling two configurations', async () => {
    const changed = { ...binarySettings, protectedAttributes: ['age_band'] };
    const store = await storeWith(engine, 'autosettings', [
      { hour: 0, predictions: 700 },
      { hour: 1, predictions: 500, settings: changed, shift: 1 },
      { hour: 2, predictions: 500, settings: changed, shift: 2 },
    ]);
    const candidate = await chooseAutomaticReference(store, 'credit', { minPredictions: 800 });
    expect(candidate?.windows.map((w) => w.windowStart)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
    expect(candidate?.profile.settings.protectedAttributes).toEqual(['age_band']);
  });

  it('never replaces a reference a person assigned, and follows a new assignment after the refresh interval', async () => {
    const store = await storeWith(engine, 'automanual', FIRST_WINDOWS);
    const repository = new ReferenceRepository(store);
    const base = { modelId: 'credit', rangeStart: null, rangeEnd: null, description: '', createdAt: T0, createdBy: 'cli:alice', source: 'uploaded' as const };
    await repository.write({ ...base, referenceId: 'ref_manual', profile: windowProfile({ hour: 0, predictions: 10, version: '*' }) });
    await repository.write({ ...base, referenceId: 'ref_next', profile: windowProfile({ hour: 0, predictions: 20, version: '*' }) });
    await repository.assign('credit', 'ref_manual', 'cli:alice', T0 + 5 * HOUR);
    const clock = { now: T0 + 10 * HOUR };
    const processor = source(store, clock);

    expect(await processor.currentFor('credit')).toMatchObject({ referenceId: 'ref_manual', source: 'uploaded' });
    await repository.assign('credit', 'ref_next', 'cli:alice', T0 + 6 * HOUR);
    expect((await processor.currentFor('credit'))?.referenceId).toBe('ref_manual');
    clock.now += 30_001;
    expect((await processor.currentFor('credit'))?.referenceId).toBe('ref_next');
    expect((await repository.list('credit')).map((r) => r.source)).not.toContain('automatic');
  });

  it('answers a batch of models at once: an assigned one, one pinned now, and one with too little traffic', async () => {
    const store = await storeWith(engine, 'automany', [
      ...FIRST_WINDOWS,
      { modelId: 'fraud', hour: 0, predictions: 900 },
      { modelId: 'churn', hour: 0, predictions: 100 },
    ]);
    const repository = new ReferenceRepository(store);
    const base = { modelId: 'credit', rangeStart: null, rangeEnd: null, description: '', createdAt: T0, createdBy: 'cli:alice', source: 'uploaded' as const };
    await repository.write({ ...base, referenceId: 'ref_manual', profile: windowProfile({ hour: 0, predictions: 10, version: '*' }) });
    await repository.assign('credit', 'ref_manual', 'cli:alice', T0 + 5 * HOUR);
    const processor = source(store, { now: T0 + 10 * HOUR });

    const answers = await processor.currentForModels(['credit', 'fraud', 'churn', 'credit']);
    expect([...answers.keys()].sort()).toEqual(['churn', 'credit', 'fraud']);
    expect(answers.get('credit')).toMatchObject({ referenceId: 'ref_manual', source: 'uploaded' });
    expect(answers.get('fraud')?.source).toBe('automatic');
    expect(answers.get('fraud')?.referenceId).toBe((await repository.currentAssignment('fraud'))?.referenceId);
    expect(answers.get('churn')).toBeNull();
    expect(await repository.currentAssignment('churn')).toBeNull();
  });

  it('pins many models at once exactly as one at a time, including a model whose walk restarts after a settings change', async () => {
    const changed = { ...binarySettings, protectedAttributes: ['age_band'] };
    const windows = [
      ...FIRST_WINDOWS,
      { modelId: 'fraud', hour: 0, predictions: 700 },
      { modelId: 'fraud', hour: 1, predictions: 500, settings: changed, shift: 1 },
      { modelId: 'fraud', hour: 2, predictions: 500, settings: changed, shift: 2 },
      { modelId: 'churn', hour: 0, predictions: 100 },
    ];
    const together = await storeWith(engine, 'autobatch', windows);
    const apart = await storeWith(engine, 'autosingle', windows);
    const models = ['credit', 'fraud', 'churn'];
    const batch = await ensureAutomaticReferences(together, models, { minPredictions: 800 });
    for (const id of models) await ensureAutomaticReference(apart, id, { minPredictions: 800 });

    expect([...batch.keys()].sort()).toEqual(['credit', 'fraud']);
    const rows = (store: Store) =>
      Promise.all([
        store.queryRows('SELECT * FROM reference_profiles FINAL ORDER BY model_id'),
        store.queryRows('SELECT * FROM reference_assignments FINAL ORDER BY model_id'),
      ]);
    const [profiles, assignments] = await rows(together);
    expect(profiles).toHaveLength(2);
    expect(assignments).toHaveLength(2);
    expect([profiles, assignments]).toEqual(await rows(apart));
    const fraud = await chooseAutomaticReference(apart, 'fraud', { minPredictions: 800 });
    expect(fraud?.windows.map((w) => w.windowStart)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
    expect(batch.get('fraud')?.referenceId).toBe(fraud?.referenceId);
  });

  it('stays without a reference when automatic pinning is off', async () => {
    const store = await storeWith(engine, 'autooff', FIRST_WINDOWS);
    const processor = new StoreReferenceSource({ store, autoReferenceMinPredictions: 10, refreshIntervalMs: 1_000, clock: () => T0, logger, automatic: false });
    expect(await processor.currentFor('credit')).toBeNull();
  });
});
