import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReferenceProfile, toReferenceProfileFile, type ReferenceProfileFile } from '../../references/index.js';
import type { TrainingBatch } from '../../references/training/training-record.js';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;
let writer: string;
let reader: string;
let restricted: string;

async function profileFile(modelId: string, rows: number): Promise<ReferenceProfileFile> {
  async function* batches(): AsyncGenerator<TrainingBatch> {
    await Promise.resolve();
    yield Array.from({ length: rows }, (_, i) => ({ kind: 'row' as const, where: `row ${i}`, values: { income: 1000 + i, region: i % 2 === 0 ? 'north' : 'south', predicted: String(i % 2) } }));
  }
  const built = await buildReferenceProfile(batches(), { modelId, positiveLabel: '1', protectedAttributes: [], columns: { prediction: 'predicted' } });
  return toReferenceProfileFile(built.profile, `training set of ${modelId}`);
}

beforeAll(async () => {
  harness = await WriteApiHarness.start();
  writer = await harness.key(['write']);
  reader = await harness.key(['read']);
  restricted = await harness.key(['write'], ['other']);
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

interface Listing {
  current: { referenceId: string } | null;
  items: { referenceId: string; source: string; predictions: number; rangeStart: string | null }[];
}

describe('references', () => {
  it('answers 404 for a model it has never seen', async () => {
    expect((await harness.inject(reader, { method: 'GET', url: '/v1/models/ghost/references' })).statusCode).toBe(404);
  });

  it('stores an uploaded profile, makes it current and audits both changes in the same request', async () => {
    const file = await profileFile('credit', 50);
    const uploaded = await harness.inject(writer, { method: 'POST', url: '/v1/models/credit/references', payload: file, headers: { 'x-request-id': 'upload-1' } });
    expect(uploaded.statusCode).toBe(201);
    const body = JSON.parse(uploaded.body) as { reference: { referenceId: string; predictions: number; source: string }; current: { referenceId: string } };
    expect(body.reference).toMatchObject({ source: 'uploaded', predictions: 50 });
    expect(body.current.referenceId).toBe(body.reference.referenceId);
    expect(uploaded.body).not.toContain(file.profile);

    const listing = JSON.parse((await harness.inject(reader, { method: 'GET', url: '/v1/models/credit/references' })).body) as Listing;
    expect(listing.current?.referenceId).toBe(body.reference.referenceId);
    expect(listing.items).toEqual([expect.objectContaining({ referenceId: body.reference.referenceId, rangeStart: null })]);

    const entries = await harness.audit.query({ modelId: 'credit', limit: 10 });
    expect(entries.map((entry) => [entry.action, entry.requestId])).toEqual(
      expect.arrayContaining([
        ['reference.create', 'upload-1'],
        ['reference.assign', 'upload-1'],
      ]),
    );
  });

  it('switches the current reference and answers 404 for a reference the model does not have', async () => {
    harness.advance(2000);
    const second = JSON.parse((await harness.inject(writer, { method: 'POST', url: '/v1/models/credit/references?activate=false', payload: await profileFile('credit', 20) })).body) as {
      reference: { referenceId: string };
      current: unknown;
    };
    expect(second.current).toBeNull();
    harness.advance(2000);
    const switched = await harness.inject(writer, { method: 'PUT', url: '/v1/models/credit/references/current', payload: { referenceId: second.reference.referenceId } });
    expect(switched.statusCode).toBe(200);
    const listing = JSON.parse((await harness.inject(reader, { method: 'GET', url: '/v1/models/credit/references' })).body) as Listing;
    expect(listing.current?.referenceId).toBe(second.reference.referenceId);
    const missing = await harness.inject(writer, { method: 'PUT', url: '/v1/models/credit/references/current', payload: { referenceId: 'ref_missing' } });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a profile built for another model and a corrupt profile as 400', async () => {
    const foreign = await harness.inject(writer, { method: 'POST', url: '/v1/models/credit/references', payload: await profileFile('loans', 10) });
    expect(foreign.statusCode).toBe(400);
    expect((JSON.parse(foreign.body) as { error: { code: string } }).error.code).toBe('REFERENCE_INVALID');
    const file = await profileFile('credit', 10);
    const corrupt = await harness.inject(writer, { method: 'POST', url: '/v1/models/credit/references', payload: { ...file, profile: file.profile.slice(0, 40) } });
    expect(corrupt.statusCode).toBe(400);
  });

  it('refuses to pin a range without windows as 400, and pinning from a read key as 403', async () => {
    const body = { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' };
    const empty = await harness.inject(writer, { method: 'POST', url: '/v1/models/credit/references/pin', payload: body });
    expect(empty.statusCode).toBe(400);
    expect((JSON.parse(empty.body) as { error: { code: string } }).error.code).toBe('REFERENCE_INVALID');
    expect((await harness.inject(reader, { method: 'POST', url: '/v1/models/credit/references/pin', payload: body })).statusCode).toBe(403);
  });

  it('hides the references of models outside a key restriction', async () => {
    expect((await harness.inject(restricted, { method: 'GET', url: '/v1/models/credit/references' })).statusCode).toBe(404);
    expect((await harness.inject(restricted, { method: 'POST', url: '/v1/models/credit/references', payload: await profileFile('credit', 5) })).statusCode).toBe(404);
  });
});
