import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELATIVE_DROP_THRESHOLDS } from '../../core/accuracy/relative-drop.js';
import { DRIFT_THRESHOLDS } from '../../core/drift/drift-defaults.js';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;
let admin: string;
let writer: string;
let reader: string;
let restricted: string;

beforeAll(async () => {
  harness = await WriteApiHarness.start();
  admin = await harness.key(['admin']);
  writer = await harness.key(['write']);
  reader = await harness.key(['read']);
  restricted = await harness.key(['write'], ['credit-v2']);
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

function effective(body: string, family: string, metric: string): Record<string, unknown> | undefined {
  const parsed = JSON.parse(body) as { thresholds: Record<string, unknown>[] };
  return parsed.thresholds.find((t) => t.family === family && t.metric === metric);
}

describe('thresholds', () => {
  it('shows the built-in default when nothing overrides it', async () => {
    const response = await harness.inject(reader, { method: 'GET', url: '/v1/thresholds?model=fraud-a' });
    expect(response.statusCode).toBe(200);
    expect(effective(response.body, 'drift', 'psi')).toMatchObject({ ...DRIFT_THRESHOLDS.psi, source: 'built_in', fleet: null, model: null });
    expect(effective(response.body, 'drift', 'ks_p_value')).toMatchObject({ ...DRIFT_THRESHOLDS.p_value, source: 'built_in' });
    expect(effective(response.body, 'accuracy', 'roc_auc_relative_drop')).toMatchObject({ ...RELATIVE_DROP_THRESHOLDS, source: 'built_in' });
  });

  it('layers a model override over the fleet override over the built-in default', async () => {
    const fleet = await harness.inject(admin, { method: 'PUT', url: '/v1/thresholds/*/drift/ks_statistic', payload: { warn: 0.15, critical: 0.3 } });
    expect(fleet.statusCode).toBe(200);
    harness.advance(1000);
    const own = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/layered/drift/ks_statistic', payload: { warn: 0.2, critical: 0.4 } });
    expect(own.statusCode).toBe(200);

    const forModel = effective((await harness.inject(reader, { method: 'GET', url: '/v1/thresholds?model=layered' })).body, 'drift', 'ks_statistic');
    expect(forModel).toMatchObject({ warn: 0.2, critical: 0.4, source: 'model', fleet: { warn: 0.15 }, builtIn: DRIFT_THRESHOLDS.ks_statistic });
    const forOther = effective((await harness.inject(reader, { method: 'GET', url: '/v1/thresholds?model=other' })).body, 'drift', 'ks_statistic');
    expect(forOther).toMatchObject({ warn: 0.15, critical: 0.3, source: 'fleet', model: null });
  });

  it('refuses a fleet override from a write key and accepts it from an admin key', async () => {
    const denied = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/*/drift/psi', payload: { warn: 0.2, critical: 0.3 } });
    expect(denied.statusCode).toBe(403);
    expect(JSON.parse(denied.body).error.code).toBe('FORBIDDEN');
  });

  it('refuses any change from a read key', async () => {
    const denied = await harness.inject(reader, { method: 'PUT', url: '/v1/thresholds/m1/drift/psi', payload: { warn: 0.2, critical: 0.3 } });
    expect(denied.statusCode).toBe(403);
  });

  it('answers 404 to a key restricted to other models, as if the model did not exist', async () => {
    const put = await harness.inject(restricted, { method: 'PUT', url: '/v1/thresholds/fraud-a/drift/psi', payload: { warn: 0.2, critical: 0.3 } });
    expect(put.statusCode).toBe(404);
    const get = await harness.inject(restricted, { method: 'GET', url: '/v1/thresholds?model=fraud-a' });
    expect(get.statusCode).toBe(404);
    const own = await harness.inject(restricted, { method: 'PUT', url: '/v1/thresholds/credit-v2/drift/psi', payload: { warn: 0.2, critical: 0.3 } });
    expect(own.statusCode).toBe(200);
  });

  it.each([
    ['psi', { warn: 0.3, critical: 0.2 }, 'body/critical'],
    ['p_value', { warn: 0.01, critical: 0.05 }, 'body/critical'],
    ['psi', { warn: 0.1, critical: 0.2, rule: 'less_than' }, 'body/rule'],
  ])('rejects inconsistent limits for drift/%s with the failing field', async (metric, payload, field) => {
    const response = await harness.inject(writer, { method: 'PUT', url: `/v1/thresholds/m-valid/drift/${metric}`, payload });
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.field).toBe(field);
  });

  it('rejects a negative limit for a rule on absolute values', async () => {
    const response = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-valid/fairness/statistical_parity_difference', payload: { warn: -0.1, critical: 0.1 } });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details.field).toBe('body/warn');
  });

  it('requires a rule for a metric without a built-in threshold', async () => {
    const missing = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-acc/accuracy/roc_auc', payload: { warn: 0.8, critical: 0.7 } });
    expect(JSON.parse(missing.body).error.details.field).toBe('body/rule');
    const given = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-acc/accuracy/roc_auc', payload: { warn: 0.8, critical: 0.7, rule: 'less_than' } });
    expect(given.statusCode).toBe(200);
    const shown = effective((await harness.inject(reader, { method: 'GET', url: '/v1/thresholds?model=m-acc&family=accuracy' })).body, 'accuracy', 'roc_auc');
    expect(shown).toMatchObject({ warn: 0.8, critical: 0.7, rule: 'less_than', source: 'model', builtIn: null });
  });

  it('answers 409 when If-Match names a version that is no longer current', async () => {
    const first = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-cas/drift/hellinger', payload: { warn: 0.1, critical: 0.2, expectedSeq: 0 } });
    expect(first.statusCode).toBe(200);
    const seq = JSON.parse(first.body).seq as number;
    expect(first.headers.etag).toBe(`"${seq}"`);
    harness.advance(1000);
    const second = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-cas/drift/hellinger', headers: { 'if-match': `"${seq}"` }, payload: { warn: 0.12, critical: 0.2 } });
    expect(second.statusCode).toBe(200);
    const stale = await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-cas/drift/hellinger', headers: { 'if-match': `"${seq}"` }, payload: { warn: 0.13, critical: 0.2 } });
    expect(stale.statusCode).toBe(409);
    expect(JSON.parse(stale.body).error.code).toBe('CONFLICT');
  });

  it('removes an override so the next layer applies again, and audits before and after', async () => {
    await harness.inject(writer, { method: 'PUT', url: '/v1/thresholds/m-del/drift/psi', payload: { warn: 0.2, critical: 0.3 } });
    harness.advance(1000);
    const removed = await harness.inject(writer, { method: 'DELETE', url: '/v1/thresholds/m-del/drift/psi', headers: { 'x-request-id': 'req-delete-1' } });
    expect(removed.statusCode).toBe(204);
    const shown = effective((await harness.inject(reader, { method: 'GET', url: '/v1/thresholds?model=m-del' })).body, 'drift', 'psi');
    expect(shown).toMatchObject({ source: 'built_in', warn: DRIFT_THRESHOLDS.psi.warn });
    const again = await harness.inject(writer, { method: 'DELETE', url: '/v1/thresholds/m-del/drift/psi' });
    expect(again.statusCode).toBe(404);

    const [entry] = await harness.audit.query({ entityType: 'threshold', entityId: 'm-del/drift/psi', limit: 1 });
    expect(entry).toMatchObject({ action: 'threshold.delete', modelId: 'm-del', requestId: 'req-delete-1', after: null, before: { warn: 0.2, critical: 0.3 } });
    expect(entry?.actor).toMatch(/^key:[0-9a-f]{16} \(test-write\)$/);
  });
});
