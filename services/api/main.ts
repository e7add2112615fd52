import { fileURLToPath } from 'node:url';
import { openStore } from '../adapters/store/clickhouse-store.js';
import { loadMigrations } from '../adapters/store/migration-files.js';
import { runMigrations } from '../adapters/store/migrator.js';
import { loadConfig, redactConfig, type VigilConfig } from '../shared/config.js';
import { isVigilError } from '../shared/errors.js';
import { createRootLogger } from '../shared/logger.js';
import { startApi } from './start-api.js';

// Composition root of the query API: config → logger → store (+ migrations) → listen.
// SIGINT/SIGTERM: stop accepting, finish in-flight requests, close the store, exit 0.

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
  logger.info({ config: redactConfig(config) }, 'starting');

  const store = await openStore(config.clickhouse, logger.child({ component: 'store' }));
  await runMigrations(store, loadMigrations(SQL_DIRECTORY), { logger: logger.child({ component: 'migrator' }) });
  const api = await startApi({ store, config: config.api, logger, clock: Date.now });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await api.close();
    await store.close();
    logger.info('stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`vigil-api: ${isVigilError(error) ? `${error.code}: ${error.message}` : String(error)}\n`);
  process.exit(1);
});
