import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../services/shared/config.js';
import { isVigilError } from '../../../services/shared/errors.js';
import { createRootLogger } from '../../../services/shared/logger.js';
import { openStore } from '../../../services/adapters/store/clickhouse-store.js';
import { loadMigrations } from '../../../services/adapters/store/migration-files.js';
import { runMigrations } from '../../../services/adapters/store/migrator.js';
import { dropPartitionsBefore, listMonthlyPartitions } from '../../../services/adapters/store/partition-retention.js';
import { formatDateTimeUtc } from '../../../services/adapters/store/sql-literal.js';
import { ident, sql } from '../../../services/adapters/store/sql-template.js';
import type { Store } from '../../../services/adapters/store/store.js';
import { ENGINES, StoreFixture, testServerUrl, uniqueDatabase, type Engine } from './store-engines.js';

const migrations = loadMigrations(fileURLToPath(new URL('../../../sql', import.meta.url)));
const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());

async function migratedStore(engine: Engine, purpose: string): Promise<Store> {
  const store = await fixture.open(engine, uniqueDatabase(purpose));
  await runMigrations(store, migrations);
  return store;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const minute = (iso: string) => formatDateTimeUtc(Date.parse(iso));

describe.each(ENGINES)('the store on the %s engine', (engine) => {
  it('round-trips rows through JSONEachRow, summing counters and keeping UInt64 exact', async () => {
    const store = await migratedStore(engine, 'roundtrip');
    const model = "fraud-model 'v2' ✓";
    await store.insertRows('ingestion_counters', [
      { minute: minute('2024-05-01T10:00:00Z'), model_id: model, model_version: '1', dead_letter_reason: '', accepted: '18446744073709551614', dead_lettered: 0, late: 2 },
      { minute: minute('2024-05-01T10:00:00Z'), model_id: model, model_version: '1', dead_letter_reason: '', accepted: 1, dead_lettered: 0, late: 3 },
      { minute: minute('2024-05-01T10:01:00Z'), model_id: 'other', model_version: '1', dead_letter_reason: 'EVENT_SCHEMA_INVALID', accepted: 0, dead_lettered: 4, late: 0 },
    ]);

    const rows = await store.queryRows(
      sql`SELECT minute, sum(accepted) AS accepted, sum(late) AS late FROM ${ident('ingestion_counters')} WHERE model_id = ${model} GROUP BY minute`,
    );

    expect(rows).toEqual([{ minute: '2024-05-01 10:00:00', accepted: '18446744073709551615', late: '5' }]);
  });

  it('resolves unqualified names in its own database and treats an empty insert as a no-op', async () => {
    const store = await migratedStore(engine, 'scope');
    await store.insertRows('models', []);
    expect(await store.queryRows('SELECT currentDatabase() AS db, count() AS n FROM models')).toEqual([{ db: store.database, n: '0' }]);
  });

  it('reports a bad query as STORE_QUERY_FAILED with the ClickHouse code and no literal text', async () => {
    const store = await migratedStore(engine, 'badquery');
    const error = await failure(store.queryRows("SELECT no_such_column FROM models WHERE model_id = 'top-secret'"));
    expect(isVigilError(error, 'STORE_QUERY_FAILED')).toBe(true);
    expect((error as Error).message).not.toContain('top-secret');
    expect((error as { detail: { clickhouseCode: number } }).detail.clickhouseCode).toBe(47);
  });

  it('inserts random text exactly as given, lone surrogates becoming U+FFFD on both engines', async () => {
    const store = await fixture.open(engine, uniqueDatabase('text'));
    await store.command('CREATE TABLE IF NOT EXISTS texts (i UInt32, v String, a Array(String)) ENGINE = MergeTree() ORDER BY i');
    const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 });
    const values = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), utf16), { numRuns: 300, seed: 42 });
    await store.insertRows('texts', values.map((v, i) => ({ i, v, a: [v, ''] })));

    const rows = await store.queryRows<{ i: number; v: string; a: string[] }>('SELECT i, v, a FROM texts ORDER BY i');

    const expected = values.map((v) => v.replace(/\p{Surrogate}/gu, '\uFFFD'));
    expect(rows.map((row) => row.v)).toEqual(expected);
    expect(rows.map((row) => row.a[0])).toEqual(expected);
  });

  it('stores scalar rows sent as TabSeparated exactly as the same rows sent as JSONEachRow, normal doubles and any text exactly', async () => {
    const store = await fixture.open(engine, uniqueDatabase('tsv'));
    for (const table of ['via_tsv', 'via_json']) {
      await store.command(`CREATE TABLE IF NOT EXISTS ${table} (i UInt32, v String, x Nullable(Float64), n UInt64, b UInt8) ENGINE = MergeTree() ORDER BY i`);
    }
    const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 });
    const texts = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), utf16, fc.constantFrom('\\N', '\t\n\\', 'a\tb\nc\rd\0e\\f')), { numRuns: 300, seed: 7 });
    const doubles = fc.sample(fc.oneof(fc.double(), fc.double({ min: -1e-300, max: 1e-300 }), fc.integer(), fc.constantFrom(-0, Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Infinity)), { numRuns: 300, seed: 8 });
    const rows = texts.map((v, i) => ({ i, v, x: i % 50 === 0 ? null : (doubles[i] ?? 0), n: Number.MAX_SAFE_INTEGER - i, b: i % 2 === 0 }));
    await store.insertRows('via_tsv', rows);
    // A row whose columns differ from the first one's is not TabSeparated: the batch goes as JSONEachRow.
    await store.insertRows('via_json', [{ ...rows[0], unused: undefined }, ...rows.slice(1)]);

    const read = (table: string) => store.queryRows<{ v: string; x: number | null; n: string; b: number }>(`SELECT v, x, n, b FROM ${table} ORDER BY i`);
    const stored = await read('via_tsv');
    expect(stored).toEqual(await read('via_json'));
    expect(stored.map((r) => r.v)).toEqual(texts.map((v) => v.replace(/\p{Surrogate}/gu, '\uFFFD')));
    // Normal doubles come back within one ulp: 18.16 parses some of them one ulp off, in both
    // formats alike (checked above); chDB exactly. Subnormals may flush to zero on 18.16.
    const normal = rows.flatMap((r, i) => (r.x !== null && Number.isFinite(r.x) && Math.abs(r.x) >= 2.2250738585072014e-308 ? [[r.x, stored[i]?.x ?? null] as const] : []));
    expect(normal.length).toBeGreaterThan(100);
    for (const [given, back] of normal) expect(Math.abs((back ?? Number.NaN) - given)).toBeLessThanOrEqual(engine === 'embedded' ? 0 : Math.abs(given) * Number.EPSILON);
    expect(stored.filter((_, i) => rows[i]?.x === null || !Number.isFinite(rows[i]?.x ?? 0)).every((r) => r.x === null)).toBe(true);
    expect(stored.map((r) => r.n)).toEqual(rows.map((r) => String(r.n)));
    expect(stored.map((r) => r.b)).toEqual(rows.map((r) => (r.b ? 1 : 0)));
  });

  it('refuses a row with a column the table does not have, on both engines', async () => {
    const store = await migratedStore(engine, 'unknowncol');
    const row = { model_id: 'm', model_version: '1', role: 'champion', first_seen: minute('2024-01-01T00:00:00Z'), last_seen: minute('2024-01-01T00:00:00Z') };
    expect(isVigilError(await failure(store.insertRows('models', [{ ...row, rol: 'typo' }])), 'STORE_QUERY_FAILED')).toBe(true);
    await store.insertRows('models', [row]);
    expect(await store.queryRows('SELECT count() AS n FROM models')).toEqual([{ n: '1' }]);
  });

  it('rejects an invalid table name before sending anything', async () => {
    const store = await migratedStore(engine, 'badname');
    expect(isVigilError(await failure(store.insertRows('models; DROP TABLE models', [{ model_id: 'x' }])), 'SQL_IDENTIFIER_INVALID')).toBe(true);
  });

  it('drops monthly partitions older than the cut-off month and keeps the rest', async () => {
    const store = await migratedStore(engine, 'retention');
    const months = ['2024-01-15T00:00:00Z', '2024-02-29T23:59:59Z', '2024-03-01T00:00:00Z', '2024-04-10T12:00:00Z'];
    await store.insertRows(
      'ingestion_counters',
      months.map((iso) => ({ minute: minute(iso), model_id: 'm', model_version: '1', dead_letter_reason: '', accepted: 1, dead_lettered: 0, late: 0 })),
    );

    const dropped = await dropPartitionsBefore(store, 'ingestion_counters', Date.parse('2024-03-20T00:00:00Z'));

    expect(dropped).toEqual([202401, 202402]);
    expect(await listMonthlyPartitions(store, 'ingestion_counters')).toEqual([202403, 202404]);
    expect(await store.queryRows('SELECT min(minute) AS first FROM ingestion_counters')).toEqual([{ first: '2024-03-01 00:00:00' }]);
    expect(await dropPartitionsBefore(store, 'ingestion_counters', Date.parse('2024-03-20T00:00:00Z'))).toEqual([]);
  });

  it('reports a closed store as STORE_UNAVAILABLE', async () => {
    const store = await fixture.open(engine, uniqueDatabase('closed'));
    await store.ping();
    await store.close();
    expect(isVigilError(await failure(store.queryRows('SELECT 1')), 'STORE_UNAVAILABLE')).toBe(true);
  });
});

describe('the embedded engine', () => {
  it('refuses a second data directory in the same process while the first is open', async () => {
    await fixture.open('embedded', uniqueDatabase('first_path'));
    const otherPath = mkdtempSync(join(tmpdir(), 'vigil-chdb-other-'));
    try {
      const config = configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse: { mode: 'embedded', path: otherPath } }).clickhouse;
      const error = await failure(openStore(config, createRootLogger({ level: 'silent', service: 'store-test' })));
      expect(isVigilError(error, 'STORE_UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toMatch(/one active data directory/);
    } finally {
      rmSync(otherPath, { recursive: true, force: true });
    }
  });
});

describe('the store over HTTP when the server cannot be used', () => {
  const logger = createRootLogger({ level: 'silent', service: 'store-test' });
  const open = (clickhouse: Record<string, unknown>) =>
    openStore(configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse: { mode: 'http', requestTimeoutMs: 2_000, ...clickhouse } }).clickhouse, logger);

  it('fails to open with STORE_UNAVAILABLE when nothing listens on the port', async () => {
    expect(isVigilError(await failure(open({ url: 'http://127.0.0.1:1' })), 'STORE_UNAVAILABLE')).toBe(true);
  });

  it('fails to open with STORE_UNAVAILABLE on a wrong password, without the password in the error', async () => {
    const error = await failure(open({ url: testServerUrl(), username: 'default', password: 'definitely-wrong-pw', database: uniqueDatabase('auth') }));
    expect(isVigilError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect(JSON.stringify({ message: (error as Error).message, detail: (error as { detail: unknown }).detail })).not.toContain('definitely-wrong-pw');
  });
});
