import { fileURLToPath } from 'node:url';
import { openStore } from '../adapters/store/clickhouse-store.js';
import { loadMigrations } from '../adapters/store/migration-files.js';
import { runMigrations } from '../adapters/store/migrator.js';
import type { Store } from '../adapters/store/store.js';
import { loadConfig, redactConfig, type VigilConfig } from '../shared/config.js';
import { isVigilError } from '../shared/errors.js';
import { installGracefulStop } from '../shared/graceful-stop.js';
import { createRootLogger } from '../shared/logger.js';
import { startApi, type RunningApi } from './start-api.js';

// Composition root of the query API: config → logger → store (+ migrations) → listen.
// SIGINT/SIGTERM (also during start-up): stop accepting, finish in-flight requests, close the
// store, exit 0. Exit codes: 0 clean stop, 1 start-up failure, 2 invalid configuration.

const SQL_DIRECTORY = fileURLToPath(new URL('../../sql/', import.meta.url));

function loadConfigOrExit(): Readonly<VigilConfig> {
  try {
    return loadConfig();
  } catch (error) {
    // One clear line naming the setting, before any logger exists.
    process.stderr.write(`vigil-api: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createRootLogger({ level: config.logLevel, service: 'vigil-api' });
  let store: Store | undefined;
  let api: RunningApi | undefined;
  // Installed before the first line: a supervisor may signal during start-up (the store is then closed too).
  const stop = installGracefulStop(logger, async () => {
    await api?.close();
    await store?.close();
  });
  logger.info({ config: redactConfig(config) }, 'starting');

  try {
    store = await openStore(config.clickhouse, logger.child({ component: 'store' }));
    await runMigrations(store, loadMigrations(SQL_DIRECTORY), { logger: logger.child({ component: 'migrator' }) });
    api = await startApi({ store, config: config.api, logger, clock: Date.now });
  } catch (error) {
    logger.error({ err: error, code: isVigilError(error) ? error.code : undefined }, 'start-up failed');
    await stop('start-up failed', 1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`vigil-api: ${isVigilError(error) ? `${error.code}: ${error.message}` : String(error)}\n`);
  process.exit(1);
});
