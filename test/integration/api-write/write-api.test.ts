import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTimeUtc, quoteIdentifier } from '../../../services/adapters/store/index.js';
import { removeEmbeddedData, WriteApiHarness } from '../../../services/api/auth/testing/write-api-harness.js';
import { buildReferenceProfile, toReferenceProfileFile } from '../../../services/references/index.js';
import type { TrainingBatch } from '../../../services/references/training/training-record.js';
import { HOUR, insertWindows, T0, windowProfile } from '../references/reference-fixtures.js';
import { ENGINES, testServerUrl, type Engine } from '../store/store-engines.js';

// The whole write side (keys, thresholds, settings, alert rules, anomalies, references, audit)
// on both engines: embedded chDB 26.x and the ClickHouse 18.16 server of the test stack.

function clickhouseFor(engine: Engine): Record<string, unknown> | undefined {
  if (engine === 'embedded') return undefined;
  return { mode: 'http', url: testServerUrl(), username: process.env.VIGIL_TEST_CLICKHOUSE_USER ?? 'default', password: process.env.VIGIL_TEST_CLICKHOUSE_PASSWORD ?? '' };
}

async function uploadFile(modelId: string) {
  async function* batches(): AsyncGenerator<TrainingBatch> {
    await Promise.resolve();
    yield Array.from({ length: 40 }, (_, i) => ({ kind: 'row' as const, where: `row ${i}`, values: { income: 500 + 7 * i, region: ['north', 'south', 'east'][i % 3], predicted: String(i % 2) } }));
  }
  const built = await buildReferenceProfile(batches(), { modelId, positiveLabel: '1', protectedAttributes: [], columns: { prediction: 'predicted' } });
  return toReferenceProfileFile(built.profile, 'integration upload');
}


describe.each(ENGINES)('the write API on %s ClickHouse', (engine) => {
  let harness: WriteApiHarness;
  let admin: string;
  let writer: string;
  let adminId: string;

  beforeAll(async () => {
    harness = await WriteApiHarness.start({ ...(engine === 'http' ? { clickhouse: clickhouseFor(engine)! } : {}), rateLimitPerMinute: 600 });
    admin = await harness.key(['admin'], [], 'ops');
    writer = await harness.key(['write'], ['loans'], 'loans-team');
    adminId = admin.split('_')[1]!;
  });

  afterAll(async () => {
    if (harness.store.engine === 'http') await harness.store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(harness.store.database)}`);
    await harness.close();
    if (engine === 'embedded') removeEmbeddedData();
  });

  it('layers threshold overrides and audits each change', async () => {
    expect((await harness.inject(admin, { method: 'PUT', url: '/v1/thresholds/*/drift/psi', payload: { warn: 0.15, critical: 0.3 } })).statusCode).toBe(200);
    harness.advance(1000);
    const own = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/loans/drift/psi', payload: { warn: 0.2, critical: 0.35, expectedSeq: 0 } });
    expect(own.statusCode).toBe(200);
    harness.advance(1000);
    const stale = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/loans/drift/psi', payload: { warn: 0.2, critical: 0.4, expectedSeq: 0 } });
    expect(stale.statusCode).toBe(409);
    const shown = (JSON.parse(
      (await harness.inject(writer, { method: 'GET', url: '/v1/thresholds?model=loans&family=drift' })).body,
    ) as { thresholds: { family: string; metric: string; source: string; warn: number }[] });
    expect(shown.thresholds.find((t) => t.metric === 'psi')).toMatchObject({ source: 'model', warn: 0.2 });
    expect(shown.thresholds.find((t) => t.metric === 'ks_statistic')).toMatchObject({ source: 'built_in' });
    expect((await harness.inject(writer, { method: 'DELETE', url: '/v1/thresholds/loans/drift/psi' })).statusCode).toBe(204);
    const after = (JSON.parse((await harness.inject(writer, { method: 'GET', url: '/v1/thresholds?model=loans' })).body) as { thresholds: { metric: string; source: string }[] });
    expect(after.thresholds.find((t) => t.metric === 'psi')?.source).toBe('fleet');
  });

  it('stores settings and alert rules, hiding other models from a restricted key', async () => {
    const settings = { positiveLabel: '1', protectedAttributes: ['gender'], privilegedGroups: { gender: 'male' } };
    expect((await harness.inject(writer, { method: 'PUT', url: '/v1/settings/loans', payload: settings })).statusCode).toBe(200);
    expect((JSON.parse((await harness.inject(writer, { method: 'GET', url: '/v1/settings/loans' })).body) as { source: string }).source).toBe('model');
    const rule = { name: 'psi', modelSelector: 'loans', family: 'drift', metric: 'psi', condition: 'above', threshold: 0.3, severity: 'critical' };
    const created = (JSON.parse((await harness.inject(writer, { method: 'POST', url: '/v1/alert-rules', payload: rule })).body) as { ruleId: string; seq: number });
    await harness.inject(admin, { method: 'POST', url: '/v1/alert-rules', payload: { ...rule, modelSelector: 'fraud' } });
    harness.advance(1000);
    const updated = await harness.inject(writer, { method: 'PUT', url: `/v1/alert-rules/${created.ruleId}`, headers: { 'if-match': `"${created.seq}"` }, payload: { ...rule, enabled: false } });
    expect(updated.statusCode).toBe(200);
    const listed = (JSON.parse((await harness.inject(writer, { method: 'GET', url: '/v1/alert-rules' })).body) as { items: { modelSelector: string; enabled: boolean }[] });
    expect(listed.items).toEqual([expect.objectContaining({ modelSelector: 'loans', enabled: false })]);
    harness.advance(1000);
    expect((await harness.inject(writer, { method: 'DELETE', url: `/v1/alert-rules/${created.ruleId}` })).statusCode).toBe(204);
    expect((JSON.parse((await harness.inject(writer, { method: 'GET', url: '/v1/alert-rules' })).body) as { items: unknown[] }).items).toEqual([]);
  });

  it('pages anomalies newest first with filters', async () => {
    const hour = 3_600_000;
    const rows = Array.from({ length: 7 }, (_, i) => ({
      anomaly_id: `an-${i}`,
      rule_id: 'r',
      model_id: i < 5 ? 'loans' : 'fraud',
      model_version: 'v1',
      family: 'drift',
      subject: 'income',
      metric: 'psi',
      value: i === 0 ? null : 0.4,
      threshold: 0.3,
      severity: i % 2 === 0 ? 'critical' : 'warning',
      window_start: formatDateTimeUtc(harness.now - (i + 2) * hour),
      window_end: formatDateTimeUtc(harness.now - (i + 1) * hour),
      detected_at: formatDateTimeUtc(harness.now - i * hour),
    }));
    await harness.store.insertRows('anomalies', rows);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { anomalyId: string }[]; nextCursor: string | null } = JSON.parse((await harness.inject(admin, { method: 'GET', url: `/v1/anomalies?limit=3${cursor === null ? '' : `&cursor=${cursor}`}` })).body);
      seen.push(...page.items.map((item) => item.anomalyId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(rows.map((row) => row.anomaly_id));
    const restricted = (JSON.parse((await harness.inject(writer, { method: 'GET', url: '/v1/anomalies?severity=critical' })).body) as { items: { modelId: string; severity: string }[] });
    expect(restricted.items.map((item) => item.modelId)).toEqual(['loans', 'loans', 'loans']);
  });

  it('uploads a reference, switches to it, and lists it', async () => {
    const uploaded = await harness.inject(writer, { method: 'POST', url: '/v1/models/loans/references?activate=false', payload: await uploadFile('loans') });
    expect(uploaded.statusCode).toBe(201);
    const referenceId = (JSON.parse(uploaded.body) as { reference: { referenceId: string } }).reference.referenceId;
    harness.advance(1000);
    expect((await harness.inject(writer, { method: 'PUT', url: '/v1/models/loans/references/current', payload: { referenceId } })).statusCode).toBe(200);
    const listing = (JSON.parse((await harness.inject(writer, { method: 'GET', url: '/v1/models/loans/references' })).body) as { current: { referenceId: string }; items: { predictions: number }[] });
    expect(listing.current.referenceId).toBe(referenceId);
    expect(listing.items).toEqual([expect.objectContaining({ predictions: 40 })]);
  });

  it("pins a model's own traffic in a time range as its current reference", async () => {
    const windows = [0, 1, 2].map((hour) => ({ profile: windowProfile({ modelId: 'credit', hour, predictions: 30 + hour }) }));
    await insertWindows(harness.store, windows);
    const pin = { start: new Date(T0).toISOString(), end: new Date(T0 + 3 * HOUR).toISOString() };
    expect((await harness.inject(admin, { method: 'POST', url: '/v1/models/credit/references/pin', payload: pin })).statusCode).toBe(404);
    await harness.store.insertRows('models', [{ model_id: 'credit', model_version: 'v1', role: 'champion', first_seen: formatDateTimeUtc(T0), last_seen: formatDateTimeUtc(T0 + 3 * HOUR) }]);
    const pinned = await harness.inject(admin, { method: 'POST', url: '/v1/models/credit/references/pin', payload: pin });
    expect(pinned.statusCode).toBe(201);
    const body = JSON.parse(pinned.body) as { reference: { referenceId: string; predictions: number; rangeStart: string }; current: { referenceId: string }; windows: number };
    expect(body).toMatchObject({ windows: 3, reference: { predictions: 30 + 31 + 32, rangeStart: pin.start.replace('.000Z', 'Z') } });
    expect(body.current.referenceId).toBe(body.reference.referenceId);
    const audited = await harness.audit.query({ modelId: 'credit', limit: 10 });
    expect(audited.map((entry) => entry.action).sort()).toEqual(['reference.assign', 'reference.create']);
  });

  it('reads the audit log with actor, model and cursor filters', async () => {
    const byAdmin = (JSON.parse((await harness.inject(admin, { method: 'GET', url: `/v1/audit?actor=key:${adminId}` })).body) as { items: { actor: string }[] });
    expect(byAdmin.items.length).toBeGreaterThan(0);
    expect(new Set(byAdmin.items.map((item) => item.actor))).toEqual(new Set([`key:${adminId} (ops)`]));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { auditId: string; modelId: string }[]; nextCursor: string | null } = JSON.parse(
        (await harness.inject(writer, { method: 'GET', url: `/v1/audit?limit=2${cursor === null ? '' : `&cursor=${cursor}`}` })).body,
      );
      expect(page.items.every((item) => item.modelId === 'loans')).toBe(true);
      seen.push(...page.items.map((item) => item.auditId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const total = await harness.audit.query({ modelId: 'loans', limit: 1000 });
    expect(seen).toEqual(total.map((entry) => entry.auditId));
  });

  it('stops a revoked key once revocations are re-read', async () => {
    const key = await harness.key(['read'], [], 'temporary');
    expect((await harness.inject(key, { method: 'GET', url: '/v1/thresholds' })).statusCode).toBe(200);
    await harness.admin.revoke(key.split('_')[1]!, { actor: 'cli:test', requestId: '' });
    harness.advance(10_000);
    expect((await harness.inject(key, { method: 'GET', url: '/v1/thresholds' })).statusCode).toBe(401);
  });
});
