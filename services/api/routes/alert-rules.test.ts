import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;
let admin: string;
let writer: string;
let restricted: string;

beforeAll(async () => {
  harness = await WriteApiHarness.start();
  admin = await harness.key(['admin']);
  writer = await harness.key(['write']);
  restricted = await harness.key(['write'], ['loans']);
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

interface Page {
  items: { ruleId: string; modelSelector: string }[];
  nextCursor: string | null;
}

const rule = (modelSelector: string, overrides: Record<string, unknown> = {}) => ({
  name: `psi on ${modelSelector}`,
  modelSelector,
  family: 'drift',
  metric: 'psi',
  condition: 'above',
  threshold: 0.25,
  severity: 'critical',
  ...overrides,
});

describe('alert rules', () => {
  it('creates a rule with defaults and reads it back', async () => {
    const created = await harness.inject(writer, { method: 'POST', url: '/v1/alert-rules', payload: rule('loans') });
    expect(created.statusCode).toBe(201);
    const body = JSON.parse(created.body);
    expect(body).toMatchObject({ modelSelector: 'loans', subject: '*', forWindows: 1, enabled: true });
    const read = await harness.inject(writer, { method: 'GET', url: `/v1/alert-rules/${body.ruleId}` });
    expect(JSON.parse(read.body)).toEqual(body);
  });

  it("needs admin for a rule on every model '*'", async () => {
    expect((await harness.inject(writer, { method: 'POST', url: '/v1/alert-rules', payload: rule('*') })).statusCode).toBe(403);
    expect((await harness.inject(admin, { method: 'POST', url: '/v1/alert-rules', payload: rule('*') })).statusCode).toBe(201);
  });

  it.each([
    [{ condition: 'status_at_least', threshold: 3 }, 'body/threshold'],
    [{ forWindows: 0 }, 'body/forWindows'],
    [{ severity: 'panic' }, 'body/severity'],
    [{ metric: 'PSI!' }, 'body/metric'],
  ])('rejects %j naming the field', async (overrides, field) => {
    const response = await harness.inject(writer, { method: 'POST', url: '/v1/alert-rules', payload: rule('loans', overrides) });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details.field).toBe(field);
  });

  it('shows a restricted key only the fleet rules and its own models, and hides the others', async () => {
    const other = JSON.parse((await harness.inject(writer, { method: 'POST', url: '/v1/alert-rules', payload: rule('fraud') })).body);
    const listed = JSON.parse((await harness.inject(restricted, { method: 'GET', url: '/v1/alert-rules?limit=100' })).body) as Page;
    const selectors = new Set(listed.items.map((item) => item.modelSelector));
    expect([...selectors].sort()).toEqual(['*', 'loans']);
    expect((await harness.inject(restricted, { method: 'GET', url: `/v1/alert-rules/${other.ruleId}` })).statusCode).toBe(404);
    expect((await harness.inject(restricted, { method: 'DELETE', url: `/v1/alert-rules/${other.ruleId}` })).statusCode).toBe(404);
  });

  it('pages through rules with the cursor without repeating one', async () => {
    for (let i = 0; i < 3; i++) await harness.inject(writer, { method: 'POST', url: '/v1/alert-rules', payload: rule(`paged-${i}`) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = JSON.parse((await harness.inject(writer, { method: 'GET', url: `/v1/alert-rules?limit=2${query}` })).body) as Page;
      seen.push(...page.items.map((item) => item.ruleId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const all = await harness.store.queryRows<{ n: string }>('SELECT toString(count()) AS n FROM alert_rules FINAL WHERE deleted = 0');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(Number(all[0]?.n));
  });

  it('updates and deletes a rule, each audited with before and after', async () => {
    const created = JSON.parse((await harness.inject(restricted, { method: 'POST', url: '/v1/alert-rules', payload: rule('loans') })).body);
    harness.advance(1000);
    const updated = await harness.inject(restricted, {
      method: 'PUT',
      url: `/v1/alert-rules/${created.ruleId}`,
      headers: { 'if-match': `"${created.seq}"` },
      payload: rule('loans', { threshold: 0.3, enabled: false }),
    });
    expect(updated.statusCode).toBe(200);
    const stale = await harness.inject(restricted, { method: 'PUT', url: `/v1/alert-rules/${created.ruleId}`, payload: rule('loans', { expectedSeq: created.seq }) });
    expect(stale.statusCode).toBe(409);
    const moved = await harness.inject(restricted, { method: 'PUT', url: `/v1/alert-rules/${created.ruleId}`, payload: rule('fraud') });
    expect(moved.statusCode).toBe(404);
    harness.advance(1000);
    expect((await harness.inject(restricted, { method: 'DELETE', url: `/v1/alert-rules/${created.ruleId}` })).statusCode).toBe(204);
    expect((await harness.inject(restricted, { method: 'GET', url: `/v1/alert-rules/${created.ruleId}` })).statusCode).toBe(404);

    const entries = await harness.audit.query({ entityType: 'alert_rule', entityId: created.ruleId, limit: 10 });
    expect(entries.map((entry) => entry.action)).toEqual(['alert_rule.delete', 'alert_rule.update', 'alert_rule.create']);
    expect(entries[1]).toMatchObject({ before: { threshold: 0.25, enabled: true }, after: { threshold: 0.3, enabled: false }, modelId: 'loans' });
  });
});
