import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isVigilError } from '../../../services/shared/errors.js';
import { loadMigrations, parseMigration, type Migration } from '../../../services/adapters/store/migration-files.js';
import { MIGRATIONS_TABLE, runMigrations } from '../../../services/adapters/store/migrator.js';
import type { Store } from '../../../services/adapters/store/store.js';
import { ENGINES, StoreFixture, uniqueDatabase } from './store-engines.js';

const SQL_DIR = fileURLToPath(new URL('../../../sql', import.meta.url));
const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());

async function tableNames(store: Store): Promise<string[]> {
  const rows = await store.queryRows<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name');
  return rows.map((row) => row.name);
}

async function recorded(store: Store): Promise<{ version: number; checksum: string }[]> {
  return store.queryRows(`SELECT version, checksum FROM ${MIGRATIONS_TABLE} ORDER BY version`);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function extra(version: number, text: string): Migration {
  return parseMigration(`${String(version).padStart(4, '0')}_extra_test.sql`, text);
}

describe.each(ENGINES)('migrations on the %s engine', (engine) => {
  const migrations = loadMigrations(SQL_DIR);

  it('applies every migration in a fresh database and records version and checksum', async () => {
    const store = await fixture.open(engine, uniqueDatabase('migrate'));
    const started = performance.now();
    const report = await runMigrations(store, migrations);
    console.log(JSON.stringify({ metric: 'migrations_apply_all', engine, files: migrations.length, value: performance.now() - started, unit: 'ms' }));

    expect(report.applied).toEqual(migrations.map((m) => m.fileName));
    expect(await tableNames(store)).toEqual(expect.arrayContaining(['ingestion_counters', 'models', MIGRATIONS_TABLE]));
    expect(await recorded(store)).toEqual(migrations.map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it('does nothing when run a second time', async () => {
    const store = await fixture.open(engine, uniqueDatabase('rerun'));
    await runMigrations(store, migrations);
    const started = performance.now();
    const second = await runMigrations(store, migrations);
    console.log(JSON.stringify({ metric: 'migrations_noop_rerun', engine, value: performance.now() - started, unit: 'ms' }));

    expect(second).toEqual({ applied: [], alreadyApplied: migrations.length });
    expect(await recorded(store)).toHaveLength(migrations.length);
  });

  it('refuses to run when an applied migration was edited, before applying anything new', async () => {
    const store = await fixture.open(engine, uniqueDatabase('edited'));
    await runMigrations(store, migrations);
    const first = migrations[0]!;
    const edited = parseMigration(first.fileName, `${first.statements.join(';\n')};\n-- an innocent-looking edit\n`);
    const next = extra(migrations.length + 1, 'CREATE TABLE IF NOT EXISTS must_not_exist (x UInt8) ENGINE = MergeTree() ORDER BY x;');

    const error = await rejection(runMigrations(store, [edited, ...migrations.slice(1), next]));

    expect(isVigilError(error, 'MIGRATION_CHANGED')).toBe(true);
    expect(await tableNames(store)).not.toContain('must_not_exist');
  });

  it('stops at a failing statement without recording the migration, and applies it once fixed', async () => {
    const store = await fixture.open(engine, uniqueDatabase('failing'));
    const broken = extra(migrations.length + 1, 'CREATE TABLE IF NOT EXISTS half (x UInt8) ENGINE = MergeTree() ORDER BY x;\nSELECT no_such_column FROM half;\n');

    const error = await rejection(runMigrations(store, [...migrations, broken], { raceWaitMs: 300 }));
    expect(isVigilError(error, 'MIGRATION_FAILED')).toBe(true);
    expect((await recorded(store)).map((row) => row.version)).toEqual(migrations.map((m) => m.version));

    const fixed = extra(migrations.length + 1, 'CREATE TABLE IF NOT EXISTS half (x UInt8) ENGINE = MergeTree() ORDER BY x;\n');
    expect((await runMigrations(store, [...migrations, fixed])).applied).toEqual([fixed.fileName]);
  });

  it('lets two migrators started at once both succeed, each version applied', async () => {
    const database = uniqueDatabase('race');
    const [a, b] = await Promise.all([fixture.open(engine, database), fixture.open(engine, database)]);
    const withAlter = [...migrations, extra(migrations.length + 1, 'ALTER TABLE models ADD COLUMN note String;')];

    await Promise.all([runMigrations(a, withAlter), runMigrations(b, withAlter)]);

    const versions = new Set((await recorded(a)).map((row) => row.version));
    expect([...versions].sort((x, y) => x - y)).toEqual(withAlter.map((m) => m.version));
    const columns = await a.queryRows<{ name: string }>("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'models'");
    expect(columns.map((c) => c.name)).toContain('note');
  });
});
