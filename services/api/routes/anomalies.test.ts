import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTimeUtc } from '../../adapters/store/index.js';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;
let reader: string;
let restricted: string;
const HOUR = 3_600_000;

function anomaly(i: number, modelId: string, severity: string, windowEndMs: number) {
  return {
    anomaly_id: `a-${String(i).padStart(3, '0')}`,
    rule_id: 'r-1',
    model_id: modelId,
    model_version: 'v1',
    family: 'drift',
    subject: 'income',
    metric: 'psi',
    value: i === 0 ? null : 0.3 + i / 1000,
    threshold: 0.25,
    severity,
    window_start: formatDateTimeUtc(windowEndMs - HOUR),
    window_end: formatDateTimeUtc(windowEndMs),
    detected_at: formatDateTimeUtc(windowEndMs + 60_000),
  };
}

beforeAll(async () => {
  harness = await WriteApiHarness.start();
  reader = await harness.key(['read']);
  restricted = await harness.key(['read'], ['loans']);
  const rows = [];
  for (let i = 0; i < 12; i++) rows.push(anomaly(i, i % 2 === 0 ? 'loans' : 'fraud', i % 3 === 0 ? 'critical' : 'warning', harness.now - (i + 1) * HOUR));
  // Ten days old: outside the default 7-day range.
  rows.push(anomaly(99, 'loans', 'critical', harness.now - 240 * HOUR));
  await harness.store.insertRows('anomalies', rows);
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

interface Page {
  items: { anomalyId: string; modelId: string; value: number | null }[];
  nextCursor: string | null;
}
const list = async (key: string, query: string): Promise<Page> => JSON.parse((await harness.inject(key, { method: 'GET', url: `/v1/anomalies?${query}` })).body) as Page;

describe('anomalies', () => {
  it('lists the last 7 days newest first, null values kept as null', async () => {
    const page = await list(reader, 'limit=100');
    expect(page.items.map((item) => item.anomalyId)).toEqual(Array.from({ length: 12 }, (_, i) => `a-${String(i).padStart(3, '0')}`));
    expect(page.items[0]?.value).toBeNull();
    expect(page.nextCursor).toBeNull();
  });

  it('filters by model, severity and time range', async () => {
    const critical = await list(reader, 'model=loans&severity=critical&limit=100');
    expect(critical.items.map((item) => item.anomalyId)).toEqual(['a-000', 'a-006']);
    const from = new Date(harness.now - 3 * HOUR).toISOString();
    const recent = await list(reader, `from=${from}&limit=100`);
    expect(recent.items.map((item) => item.anomalyId)).toEqual(['a-000', 'a-001', 'a-002']);
  });

  it('pages with the cursor through every anomaly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(reader, `limit=5${cursor === null ? '' : `&cursor=${cursor}`}`);
      seen.push(...page.items.map((item) => item.anomalyId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it("keeps a restricted key to its models' anomalies", async () => {
    const page = await list(restricted, 'limit=100');
    expect(new Set(page.items.map((item) => item.modelId))).toEqual(new Set(['loans']));
    expect((await harness.inject(restricted, { method: 'GET', url: '/v1/anomalies?model=fraud' })).statusCode).toBe(404);
  });

  it('refuses a cursor it did not issue', async () => {
    const response = await harness.inject(reader, { method: 'GET', url: '/v1/anomalies?cursor=bm90LWEtY3Vyc29y' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details.field).toBe('cursor');
  });
});
