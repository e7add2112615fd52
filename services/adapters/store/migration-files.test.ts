import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { orderMigrations, parseMigration } from './migration-files.js';

const TABLE = 'CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = MergeTree() ORDER BY x;\n';

function failure(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isVigilError(error, 'MIGRATION_FAILED') ? error.message : 'other error';
  }
  return undefined;
}

describe('parseMigration', () => {
  it('reads the version and name from the file name and splits the statements', () => {
    const migration = parseMigration('0007_add_things.sql', `${TABLE}ALTER TABLE t ADD COLUMN y String;\n`);
    expect(migration.version).toBe(7);
    expect(migration.name).toBe('add_things');
    expect(migration.statements).toHaveLength(2);
    expect(migration.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a different checksum when only whitespace changes', () => {
    expect(parseMigration('0001_a.sql', TABLE).checksum).not.toBe(parseMigration('0001_a.sql', `${TABLE}\n`).checksum);
  });

  it('rejects file names that are not NNNN_snake_name.sql', () => {
    for (const name of ['1_a.sql', '0001-a.sql', '0001_A.sql', '0001_a b.sql', '0001_.sql', '0001_a__b.sql']) {
      expect(failure(() => parseMigration(name, TABLE))).toMatch(/file names must match/);
    }
  });

  it('rejects CREATE without IF NOT EXISTS and DROP without IF EXISTS, since two migrators may run one file', () => {
    expect(failure(() => parseMigration('0001_a.sql', 'CREATE TABLE t (x UInt8) ENGINE = Memory;'))).toMatch(/IF NOT EXISTS/);
    expect(failure(() => parseMigration('0001_a.sql', 'create materialized view v AS SELECT 1;'))).toMatch(/IF NOT EXISTS/);
    expect(failure(() => parseMigration('0001_a.sql', 'DROP TABLE t;'))).toMatch(/IF EXISTS/);
    expect(failure(() => parseMigration('0001_a.sql', 'DROP TABLE IF EXISTS t;'))).toBeUndefined();
  });

  it('rejects a file with no statements and reports splitting errors with the file name', () => {
    expect(failure(() => parseMigration('0001_a.sql', '-- nothing here\n'))).toMatch(/no statements/);
    expect(failure(() => parseMigration('0001_a.sql', 'SELECT 1; SELECT 2;'))).toMatch(/^.*0001_a\.sql: .*must end its line/);
  });
});

describe('orderMigrations', () => {
  const m = (version: number) => parseMigration(`${String(version).padStart(4, '0')}_m.sql`, TABLE);

  it('sorts by version', () => {
    expect(orderMigrations([m(2), m(1), m(3)]).map((x) => x.version)).toEqual([1, 2, 3]);
  });

  it('rejects a gap, a duplicate, or a start other than 0001', () => {
    expect(failure(() => orderMigrations([m(1), m(3)]))).toMatch(/expected version 0002/);
    expect(failure(() => orderMigrations([m(1), m(1)]))).toMatch(/expected version 0002/);
    expect(failure(() => orderMigrations([m(2)]))).toMatch(/expected version 0001/);
  });
});
