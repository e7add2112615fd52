import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey } from './api-key-format.js';
import { removeEmbeddedData, WriteApiHarness } from './testing/write-api-harness.js';

const RATE = 3;
let harness: WriteApiHarness;
let reader: string;

beforeAll(async () => {
  harness = await WriteApiHarness.start({ rateLimitPerMinute: RATE });
  reader = await harness.key(['read'], [], 'dashboard');
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

const get = (key: string | null, headers: Record<string, string> = {}) =>
  harness.inject(key, { method: 'GET', url: '/v1/thresholds', headers });

describe('API key authentication', () => {
  it('accepts a key as a bearer token and as x-api-key', async () => {
    expect((await get(reader)).statusCode).toBe(200);
    harness.advance(60_000);
    expect((await get(null, { 'x-api-key': reader })).statusCode).toBe(200);
    harness.advance(60_000);
  });

  it('answers 401 without a key and for a key whose secret is wrong', async () => {
    const missing = await get(null);
    expect(missing.statusCode).toBe(401);
    expect(JSON.parse(missing.body).error.code).toBe('UNAUTHORIZED');
    const tampered = reader.slice(0, -1) + (reader.endsWith('A') ? 'B' : 'A');
    expect((await get(tampered)).statusCode).toBe(401);
    expect((await get('vgl_0123456789abcdef_' + 'x'.repeat(43))).statusCode).toBe(401);
    harness.advance(60_000);
  });

  it('stops accepting a revoked key once revocations are re-read', async () => {
    const key = await harness.key(['read'], [], 'short-lived');
    expect((await get(key)).statusCode).toBe(200);
    const keyId = key.split('_')[1]!;
    await harness.admin.revoke(keyId, { actor: 'cli:test', requestId: '' });
    harness.advance(6_000);
    const refused = await get(key);
    expect(refused.statusCode).toBe(401);
  });

  it('answers 429 with Retry-After once a key used its rate, and again after the refill', async () => {
    const key = await harness.key(['read'], [], 'busy');
    for (let i = 0; i < RATE; i++) expect((await get(key)).statusCode).toBe(200);
    const limited = await get(key);
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body).error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe(String(60 / RATE));
    // Another key is not affected by this one's rate.
    const other = await harness.key(['read'], [], 'quiet');
    expect((await get(other)).statusCode).toBe(200);
    harness.advance((60 / RATE) * 1000);
    expect((await get(key)).statusCode).toBe(200);
  });

  it('rate limits requests without a key per client address', async () => {
    harness.advance(120_000);
    for (let i = 0; i < RATE; i++) expect((await get(null)).statusCode).toBe(401);
    expect((await get(null)).statusCode).toBe(429);
    harness.advance(120_000);
  });

  it('stores only a hash of the secret and never shows the hash', async () => {
    const created = await harness.admin.create({ name: 'secretive', scopes: ['write'], models: [] }, { actor: 'cli:test', requestId: 'r-key' });
    const secret = created.key.split('_').slice(2).join('_');
    const rows = await harness.store.queryRows<Record<string, unknown>>(`SELECT * FROM api_keys WHERE key_id = '${created.summary.keyId}'`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(created.summary).not.toHaveProperty('secretHash');
    const [entry] = await harness.audit.query({ entityId: created.summary.keyId, limit: 1 });
    expect(entry).toMatchObject({ action: 'api_key.create', actor: 'cli:test', requestId: 'r-key', before: null, after: { name: 'secretive', scopes: ['write'] } });
    expect(JSON.stringify(entry)).not.toContain(String(rows[0]?.secret_hash));
  });
});

describe('key management routes', () => {
  it('lets an admin create a key that works at once, listed without any secret', async () => {
    harness.advance(120_000);
    const admin = await harness.key(['admin'], [], 'root');
    const created = await harness.inject(admin, { method: 'POST', url: '/v1/keys', payload: { name: 'grafana', scopes: ['read'] } });
    expect(created.statusCode).toBe(201);
    const { key, keyId } = JSON.parse(created.body) as { key: string; keyId: string };
    expect((await get(key)).statusCode).toBe(200);
    const listed = await harness.inject(admin, { method: 'GET', url: '/v1/keys' });
    expect(listed.body).toContain(keyId);
    expect(listed.body).not.toMatch(/secretHash|salt|scrypt\$/);
    const secret = parseApiKey(key)?.secret ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(listed.body).not.toContain(secret);
    const revoked = await harness.inject(admin, { method: 'DELETE', url: `/v1/keys/${keyId}` });
    expect((JSON.parse(revoked.body) as { revoked: boolean }).revoked).toBe(true);
    harness.advance(120_000);
  });

  it('refuses key management to a write key', async () => {
    const writer = await harness.key(['write'], [], 'not-admin');
    expect((await harness.inject(writer, { method: 'GET', url: '/v1/keys' })).statusCode).toBe(403);
    expect((await harness.inject(writer, { method: 'POST', url: '/v1/keys', payload: { name: 'x', scopes: ['admin'] } })).statusCode).toBe(403);
  });
});
