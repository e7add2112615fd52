import { VigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Migration } from './migration-files.js';
import { formatDateTimeUtc } from './sql-literal.js';
import type { Store } from './store.js';

export const MIGRATIONS_TABLE = 'schema_migrations';
const DEFAULT_RACE_WAIT_MS = 5_000;

interface AppliedRow {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

// Plain MergeTree, read without FINAL: two migrators racing may both record a version, and
// duplicate rows are harmless because every reader groups by version.
const CREATE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  version UInt32,
  name String,
  checksum String,
  applied_at DateTime('UTC')
) ENGINE = MergeTree() ORDER BY version`;

async function readApplied(store: Store): Promise<Map<number, AppliedRow>> {
  const rows = await store.queryRows<AppliedRow>(`SELECT version, name, checksum FROM ${MIGRATIONS_TABLE}`);
  const applied = new Map<number, AppliedRow>();
  for (const row of rows) {
    const earlier = applied.get(row.version);
    if (earlier !== undefined && earlier.checksum !== row.checksum) {
      throw new VigilError('MIGRATION_CHANGED', `version ${row.version} was recorded with two different checksums`, { version: row.version });
    }
    applied.set(row.version, row);
  }
  return applied;
}

/** Refuses to go on if a recorded migration's file changed or disappeared (they are append-only). */
function checkUnchanged(applied: ReadonlyMap<number, AppliedRow>, migrations: readonly Migration[]): void {
  for (const row of applied.values()) {
    const file = migrations.find((migration) => migration.version === row.version);
    if (file === undefined) {
      throw new VigilError('MIGRATION_CHANGED', `applied migration ${row.version} (${row.name}) has no file any more`, { version: row.version });
    }
    if (file.checksum !== row.checksum) {
      throw new VigilError('MIGRATION_CHANGED', `${file.fileName} was edited after it was applied`, {
        version: row.version,
        recordedChecksum: row.checksum,
        fileChecksum: file.checksum,
      });
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * After a failed statement: true if another migrator records this same file within `waitMs`.
 * An ALTER … ADD COLUMN cannot be made idempotent on 18.16, so of two migrators racing through
 * one file the slower one fails; it then waits for the faster one to finish and record it.
 */
async function recordedByAnother(store: Store, migration: Migration, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const recorded = (await readApplied(store)).get(migration.version);
    if (recorded !== undefined) return recorded.checksum === migration.checksum;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(200, Math.max(0, deadline - Date.now())));
  }
}

async function apply(store: Store, migration: Migration, nowMs: number, raceWaitMs: number): Promise<void> {
  for (const [index, statement] of migration.statements.entries()) {
    try {
      await store.command(statement);
    } catch (cause) {
      if (await recordedByAnother(store, migration, raceWaitMs)) return;
      throw new VigilError('MIGRATION_FAILED', `${migration.fileName}, statement ${index + 1}: ${(cause as Error).message}`, { version: migration.version }, { cause });
    }
  }
  await store.insertRows(MIGRATIONS_TABLE, [
    { version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: formatDateTimeUtc(nowMs) },
  ]);
}

/**
 * Applies pending migrations in version order and records each one. Running it again is a
 * no-op; an applied file that was edited stops it with MIGRATION_CHANGED before anything runs.
 */
export async function runMigrations(
  store: Store,
  migrations: readonly Migration[],
  options: {
    logger?: Logger;
    now?: () => number;
    /** How long a failed migration waits for a concurrent migrator to record it (default 5 s). */
    raceWaitMs?: number;
  } = {},
): Promise<MigrationReport> {
  const now = options.now ?? Date.now;
  await store.command(CREATE_BOOKKEEPING);
  const applied = await readApplied(store);
  checkUnchanged(applied, migrations);
  const pending = migrations.filter((migration) => !applied.has(migration.version)).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    const started = now();
    await apply(store, migration, started, options.raceWaitMs ?? DEFAULT_RACE_WAIT_MS);
    options.logger?.info({ migration: migration.fileName, durationMs: now() - started }, 'migration applied');
  }
  return { applied: pending.map((migration) => migration.fileName), alreadyApplied: applied.size };
}
