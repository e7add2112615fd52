import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../../shared/errors.js';
import { splitSqlStatements } from './split-sql-statements.js';

export interface Migration {
  readonly version: number;
  /** The file name without version and extension, e.g. `ingestion_counters`. */
  readonly name: string;
  readonly fileName: string;
  /** sha256 (hex) of the file bytes: any edit, even whitespace, changes it. */
  readonly checksum: string;
  readonly statements: readonly string[];
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;
// Two migrators may run the same file at once (see sql/README.md), so creating and dropping
// must be idempotent. 18.16 has no IF [NOT] EXISTS on ALTER … COLUMN; those are handled by
// the migrator's lost-race check instead.
const CREATE_WITHOUT_GUARD = /^CREATE\s+(?:MATERIALIZED\s+VIEW|TABLE|VIEW|DATABASE|DICTIONARY)\s+(?!IF\s+NOT\s+EXISTS\b)/i;
const DROP_WITHOUT_GUARD = /^DROP\s+(?:TABLE|VIEW|DATABASE|DICTIONARY)\s+(?!IF\s+EXISTS\b)/i;

function failed(fileName: string, reason: string): VigilError {
  return new VigilError('MIGRATION_FAILED', `${fileName}: ${reason}`, { file: fileName });
}

/** Parses one migration file's text; pure so it can be unit tested. */
export function parseMigration(fileName: string, text: string): Migration {
  const match = FILE_PATTERN.exec(fileName);
  if (match === null) throw failed(fileName, `file names must match ${FILE_PATTERN.source}`);
  let statements: string[];
  try {
    statements = splitSqlStatements(text);
  } catch (cause) {
    throw failed(fileName, (cause as Error).message);
  }
  if (statements.length === 0) throw failed(fileName, 'the file has no statements');
  for (const statement of statements) {
    if (CREATE_WITHOUT_GUARD.test(statement)) throw failed(fileName, 'CREATE needs IF NOT EXISTS so a re-run is harmless');
    if (DROP_WITHOUT_GUARD.test(statement)) throw failed(fileName, 'DROP needs IF EXISTS so a re-run is harmless');
  }
  return {
    version: Number(match[1]),
    name: match[2] ?? '',
    fileName,
    checksum: createHash('sha256').update(text, 'utf8').digest('hex'),
    statements,
  };
}

/** Checks that versions run 1, 2, 3, … with no gap or duplicate and returns them in order. */
export function orderMigrations(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw failed(migration.fileName, `expected version ${String(index + 1).padStart(4, '0')}: versions start at 0001 with no gap or duplicate`);
    }
  });
  return sorted;
}

/** Reads every `NNNN_name.sql` in `directory` (other files such as README.md are ignored). */
export function loadMigrations(directory: string): Migration[] {
  const files = readdirSync(directory).filter((file) => file.endsWith('.sql'));
  return orderMigrations(files.map((file) => parseMigration(file, readFileSync(join(directory, file), 'utf8'))));
}
