import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../services/adapters/store/index.js';
import { serializeProfile, type ModelWindowProfile } from '../../../services/core/profile/index.js';
import { binarySettings } from '../../../services/core/profile/event-builders.test-support.js';
import { isVigilError } from '../../../services/shared/errors.js';
import { pinFromRange, ReferenceRepository } from '../../../services/references/index.js';
import { ENGINES, StoreFixture, type Engine } from '../store/store-engines.js';
import { HOUR, insertWindows, migratedStore, T0, windowProfile, type WindowSpec } from './reference-fixtures.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const bytes = (p: ModelWindowProfile) => Buffer.from(serializeProfile(p));

// Stored windows, listed out of order on purpose: the pin must sort them itself.
const STORED: (WindowSpec & { partition: number })[] = [
  { hour: 3, predictions: 15, shift: 4, partition: 0 },
  { hour: 1, version: 'v2', predictions: 10, shift: 3, partition: 0 },
  { hour: 0, predictions: 20, shift: 1, partition: 1 },
  { hour: 1, predictions: 25, shift: 2, partition: 0 },
  { hour: 0, predictions: 30, shift: 0, partition: 0 },
  { hour: 1, version: 'v3', role: 'challenger', predictions: 50, shift: 5, partition: 0 },
  { hour: 5, predictions: 60, shift: 6, partition: 0 },
  { hour: 2, modelId: 'fraud', predictions: 70, partition: 0 },
];

/** What a pin must equal: the same windows' events under the reference key, merged in (start, version, role, partition) order. */
function expectedMerge(specs: readonly WindowSpec[], version = '*', role: WindowSpec['role'] = 'champion'): ModelWindowProfile {
  const [first, ...rest] = specs.map((spec) => windowProfile({ ...spec, version, role }));
  if (first === undefined) throw new Error('no windows');
  for (const profile of rest) first.merge(profile);
  return first;
}

const spec = (hour: number, version = 'v1', partition = 0) => {
  const found = STORED.find((s) => s.hour === hour && (s.version ?? 'v1') === version && s.partition === partition && s.modelId === undefined);
  if (found === undefined) throw new Error('no such window');
  return found;
};

async function storeWithWindows(engine: Engine, purpose: string): Promise<Store> {
  const store = await migratedStore(fixture, engine, purpose);
  await insertWindows(store, STORED.map((s) => ({ profile: windowProfile(s), partition: s.partition })));
  return store;
}

describe.each(ENGINES)('pinning a time range as the reference on the %s engine', (engine) => {
  it('merges the champion windows lying entirely in the range, in window, version and partition order, and assigns the result', async () => {
    const store = await storeWithWindows(engine, 'pin');
    const result = await pinFromRange(store, 'credit', T0, T0 + 4 * HOUR, 'key:k1 (ops)', { atMs: T0 + 9 * HOUR });

    const expected = expectedMerge([spec(0), spec(0, 'v1', 1), spec(1), spec(1, 'v2'), spec(3)]);
    expect(result.windows).toBe(5);
    expect(result.reference).toMatchObject({ source: 'pinned_range', rangeStart: T0, rangeEnd: T0 + 4 * HOUR, predictions: 100, createdBy: 'key:k1 (ops)' });
    const repository = new ReferenceRepository(store);
    const stored = await repository.read('credit', result.reference.referenceId);
    expect(stored === null ? null : bytes(stored.profile).equals(bytes(expected))).toBe(true);
    expect(stored?.profile.key).toEqual({ modelId: 'credit', modelVersion: '*', deploymentRole: 'champion' });
    expect(await repository.currentAssignment('credit')).toEqual(result.assignment?.assignment);
  });

  it('gives identical profile bytes when the same range is pinned twice', async () => {
    const store = await storeWithWindows(engine, 'pintwice');
    const a = await pinFromRange(store, 'credit', T0, T0 + 2 * HOUR, 'x', { atMs: T0 + 9 * HOUR, assign: false });
    const b = await pinFromRange(store, 'credit', T0, T0 + 2 * HOUR, 'x', { atMs: T0 + 9 * HOUR, assign: false });
    const repository = new ReferenceRepository(store);
    expect(a.reference.referenceId).not.toBe(b.reference.referenceId);
    expect(await repository.readEncodedProfile('credit', a.reference.referenceId)).toBe(await repository.readEncodedProfile('credit', b.reference.referenceId));
    expect(await repository.currentAssignment('credit')).toBeNull();
  });

  it('leaves out a window that only starts inside the range', async () => {
    const store = await storeWithWindows(engine, 'pinpartial');
    const result = await pinFromRange(store, 'credit', T0 + HOUR, T0 + 3 * HOUR + HOUR / 2, 'x', { atMs: T0 + 9 * HOUR, assign: false });
    expect(result.windows).toBe(2);
    expect(result.reference.predictions).toBe(35);
  });

  it('pins one version, or another role, when asked', async () => {
    const store = await storeWithWindows(engine, 'pinfilter');
    const v2 = await pinFromRange(store, 'credit', T0, T0 + 4 * HOUR, 'x', { atMs: T0 + 9 * HOUR, filter: { modelVersion: 'v2' } });
    const challenger = await pinFromRange(store, 'credit', T0, T0 + 4 * HOUR, 'x', { atMs: T0 + 9 * HOUR, filter: { deploymentRoles: ['challenger'] } });
    const repository = new ReferenceRepository(store);
    const v2Profile = (await repository.read('credit', v2.reference.referenceId))?.profile;
    const challengerProfile = (await repository.read('credit', challenger.reference.referenceId))?.profile;
    expect(v2Profile === undefined ? null : bytes(v2Profile).equals(bytes(expectedMerge([spec(1, 'v2')], 'v2')))).toBe(true);
    expect(challengerProfile?.key.deploymentRole).toBe('challenger');
    expect(challengerProfile?.predictions).toBe(50);
  });

  it('refuses a range without windows, an unknown model and a reversed range as REFERENCE_INVALID', async () => {
    const store = await storeWithWindows(engine, 'pinempty');
    for (const attempt of [
      () => pinFromRange(store, 'credit', T0 + 10 * HOUR, T0 + 20 * HOUR, 'x', { atMs: T0 }),
      () => pinFromRange(store, 'nobody', T0, T0 + 4 * HOUR, 'x', { atMs: T0 }),
      () => pinFromRange(store, 'credit', T0 + 4 * HOUR, T0, 'x', { atMs: T0 }),
      () => pinFromRange(store, 'credit', 0, T0, 'x', { atMs: T0 }),
    ]) {
      const error = await failure(attempt());
      expect(isVigilError(error, 'REFERENCE_INVALID')).toBe(true);
    }
    expect(await new ReferenceRepository(store).list('credit')).toEqual([]);
  });

  it('refuses to pool windows written under different model settings', async () => {
    const store = await migratedStore(fixture, engine, 'pinsettings');
    await insertWindows(store, [
      { profile: windowProfile({ hour: 0, predictions: 10 }) },
      { profile: windowProfile({ hour: 1, predictions: 10, settings: { ...binarySettings, protectedAttributes: ['age_band'] } }) },
    ]);
    const error = await failure(pinFromRange(store, 'credit', T0, T0 + 2 * HOUR, 'x', { atMs: T0 }));
    expect(isVigilError(error, 'REFERENCE_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/different model settings/);
  });
});
