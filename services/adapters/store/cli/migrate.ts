// Applies pending migrations from sql/ to the configured ClickHouse (VIGIL_CLICKHOUSE_* or
// VIGIL_CONFIG_FILE) and prints a JSON report. Usage: npx tsx services/adapters/store/cli/migrate.ts [sql-dir]
import { resolve } from 'node:path';
import { loadConfig } from '../../../shared/config.js';
import { createRootLogger } from '../../../shared/logger.js';
import { openStore } from '../clickhouse-store.js';
import { loadMigrations } from '../migration-files.js';
import { runMigrations } from '../migrator.js';

const config = loadConfig();
const logger = createRootLogger({ level: config.logLevel, service: 'migrate' });
const directory = resolve(process.argv[2] ?? 'sql');
const store = await openStore(config.clickhouse, logger);
try {
  const started = performance.now();
  const report = await runMigrations(store, loadMigrations(directory), { logger });
  console.log(JSON.stringify({ engine: store.engine, database: store.database, ...report, durationMs: Math.round(performance.now() - started) }));
} finally {
  await store.close();
}
