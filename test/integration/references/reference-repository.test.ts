import { afterAll, describe, expect, it } from 'vitest';
import { serializeProfile } from '../../../services/core/profile/index.js';
import { isVigilError } from '../../../services/shared/errors.js';
import { ReferenceRepository, type NewReference } from '../../../services/references/index.js';
import { ENGINES, StoreFixture } from '../store/store-engines.js';
import { HOUR, migratedStore, T0, windowProfile } from './reference-fixtures.js';

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

const bytes = (p: Parameters<typeof serializeProfile>[0]) => Buffer.from(serializeProfile(p));

function uploaded(overrides: Partial<NewReference> = {}): NewReference {
  return {
    modelId: 'credit',
    source: 'uploaded',
    rangeStart: null,
    rangeEnd: null,
    description: 'training set',
    profile: windowProfile({ hour: 0, predictions: 40 }),
    createdAt: T0 + 10 * HOUR + 123,
    createdBy: 'cli:alice',
    ...overrides,
  };
}

describe.each(ENGINES)('the reference repository on the %s engine', (engine) => {
  it('writes a reference, lists it without its blob and reads it back with the same profile bytes', async () => {
    const repository = new ReferenceRepository(await migratedStore(fixture, engine, 'refrepo'));
    const written = await repository.write(uploaded());

    expect(written.referenceId).toMatch(/^ref_20240501100000_[0-9a-f]{10}$/);
    const list = await repository.list('credit');
    expect(list).toEqual([written]);
    expect(list[0]).toEqual({
      modelId: 'credit',
      referenceId: written.referenceId,
      source: 'uploaded',
      rangeStart: null,
      rangeEnd: null,
      description: 'training set',
      predictions: 40,
      createdAt: T0 + 10 * HOUR,
      createdBy: 'cli:alice',
    });
    const read = await repository.read('credit', written.referenceId);
    expect(read === null ? null : bytes(read.profile).equals(bytes(uploaded().profile))).toBe(true);
    expect(await repository.read('credit', 'ref_missing')).toBeNull();
    expect(await repository.list('other-model')).toEqual([]);
  });

  it('lists references newest first and keeps pinned ranges', async () => {
    const repository = new ReferenceRepository(await migratedStore(fixture, engine, 'reflist'));
    const older = await repository.write(uploaded({ referenceId: 'ref_a', source: 'pinned_range', rangeStart: T0, rangeEnd: T0 + HOUR, createdAt: T0 + HOUR }));
    const newer = await repository.write(uploaded({ referenceId: 'ref_b', createdAt: T0 + 2 * HOUR }));
    expect((await repository.list('credit')).map((r) => r.referenceId)).toEqual([newer.referenceId, older.referenceId]);
    expect(await repository.readMetadata('credit', 'ref_a')).toMatchObject({ source: 'pinned_range', rangeStart: T0, rangeEnd: T0 + HOUR });
  });

  it('accepts the same reference written twice but refuses a different profile under an existing id', async () => {
    const repository = new ReferenceRepository(await migratedStore(fixture, engine, 'refimmutable'));
    const first = await repository.write(uploaded({ referenceId: 'ref_fixed' }));
    expect(await repository.write(uploaded({ referenceId: 'ref_fixed', description: 'again' }))).toEqual(first);
    const error = await failure(repository.write(uploaded({ referenceId: 'ref_fixed', profile: windowProfile({ hour: 0, predictions: 41 }) })));
    expect(isVigilError(error, 'CONFLICT')).toBe(true);
    expect(await repository.list('credit')).toHaveLength(1);
  });

  it('refuses a profile of another model and an id that is not plain', async () => {
    const repository = new ReferenceRepository(await migratedStore(fixture, engine, 'refinvalid'));
    expect(isVigilError(await failure(repository.write(uploaded({ modelId: 'fraud' }))), 'REFERENCE_INVALID')).toBe(true);
    expect(isVigilError(await failure(repository.write(uploaded({ referenceId: 'no spaces' }))), 'REFERENCE_INVALID')).toBe(true);
  });

  it('makes the latest assignment current, even when the second clock is behind the first', async () => {
    const repository = new ReferenceRepository(await migratedStore(fixture, engine, 'refassign'));
    await repository.write(uploaded({ referenceId: 'ref_a' }));
    await repository.write(uploaded({ referenceId: 'ref_b' }));
    expect(await repository.currentAssignment('credit')).toBeNull();

    const first = await repository.assign('credit', 'ref_a', 'key:k1 (ops)', T0 + 5 * HOUR);
    expect(first.previous).toBeNull();
    const second = await repository.assign('credit', 'ref_b', 'cli:bob', T0 + 4 * HOUR);

    expect(second.previous).toEqual(first.assignment);
    expect(second.assignment.seq).toBe(first.assignment.seq + 1);
    expect(await repository.currentAssignment('credit')).toEqual(second.assignment);
    expect((await repository.currentAssignments()).get('credit')).toEqual(second.assignment);
  });

  it('refuses to assign a reference the model does not have', async () => {
    const repository = new ReferenceRepository(await migratedStore(fixture, engine, 'refassign404'));
    await repository.write(uploaded({ referenceId: 'ref_a' }));
    expect(isVigilError(await failure(repository.assign('credit', 'ref_zzz', 'x', T0)), 'NOT_FOUND')).toBe(true);
    expect(isVigilError(await failure(repository.assign('fraud', 'ref_a', 'x', T0)), 'NOT_FOUND')).toBe(true);
  });
});
