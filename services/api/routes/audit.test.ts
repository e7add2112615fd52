import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;
let admin: string;
let writer: string;
let restricted: string;
let writerId: string;

beforeAll(async () => {
  harness = await WriteApiHarness.start();
  admin = await harness.key(['admin'], [], 'ops');
  writer = await harness.key(['write'], [], 'tuner');
  restricted = await harness.key(['write'], ['loans'], 'loans-team');
  writerId = writer.split('_')[1]!;
  for (const [i, model] of ['loans', 'fraud', 'loans', 'cards', 'loans'].entries()) {
    harness.advance(1000);
    await harness.inject(writer, { method: 'PUT', url: `/v1/thresholds/${model}/drift/psi`, payload: { warn: [0.1, 0.11, 0.12, 0.13, 0.14][i], critical: 0.3 }, headers: { 'x-request-id': `req-${i}` } });
  }
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

interface Page {
  items: { at: string; modelId: string; requestId: string }[];
  nextCursor: string | null;
}
const list = async (key: string, query: string) => harness.inject(key, { method: 'GET', url: `/v1/audit?${query}` });
const page = async (key: string, query: string): Promise<Page> => JSON.parse((await list(key, query)).body) as Page;

describe('audit log', () => {
  it('records every write with who, what, before, after, when and the request id', async () => {
    const listed = await page(admin, 'entityType=threshold&model=loans');
    expect(listed.items).toHaveLength(3);
    const [newest, , oldest] = listed.items;
    expect(oldest).toMatchObject({ action: 'threshold.put', entityId: 'loans/drift/psi', actor: `key:${writerId} (tuner)`, before: null, after: { warn: 0.1 }, requestId: 'req-0' });
    expect(newest).toMatchObject({ before: { warn: 0.12 }, after: { warn: 0.14 }, requestId: 'req-4' });
    expect(Date.parse(newest!.at)).toBeGreaterThan(Date.parse(oldest!.at));
  });

  it('filters by actor prefix and time range', async () => {
    const byKey = await page(admin, `actor=key:${writerId}`);
    expect(byKey.items).toHaveLength(5);
    const from = new Date(harness.now - 1500).toISOString();
    const recent = await page(admin, `from=${from}`);
    expect(recent.items.map((item) => item.requestId)).toEqual(['req-4', 'req-3']);
  });

  it('pages newest first with the cursor', async () => {
    const first = await page(admin, `actor=key:${writerId}&limit=2`);
    const second = await page(admin, `actor=key:${writerId}&limit=2&cursor=${first.nextCursor}`);
    const third = await page(admin, `actor=key:${writerId}&limit=2&cursor=${second.nextCursor}`);
    const ids = [...first.items, ...second.items, ...third.items].map((item) => item.requestId);
    expect(ids).toEqual(['req-4', 'req-3', 'req-2', 'req-1', 'req-0']);
    expect(third.nextCursor).toBeNull();
  });

  it('shows a write key restricted to models only the entries of its models', async () => {
    const listed = await page(restricted, 'entityType=threshold');
    expect(new Set(listed.items.map((item) => item.modelId))).toEqual(new Set(['loans']));
    expect((await list(restricted, 'model=fraud')).statusCode).toBe(404);
  });

  it('refuses an unrestricted write key: the whole log is for admins', async () => {
    const response = await list(writer, '');
    expect(response.statusCode).toBe(403);
  });
});
