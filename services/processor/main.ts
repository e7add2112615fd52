// The processor as its own process: config → logger → store (migrated) → topics → runtime + /metrics.
// SIGTERM/SIGINT: stop fetching, finish buffered batches, final checkpoint + commit, exit 0.
// Exit codes: 0 clean stop, 1 failure (start-up, or a partition state that cannot be loaded), 2 invalid configuration.
import { fileURLToPath } from 'node:url';
import { ensureTopics } from '../adapters/kafka/ensure-topics.js';
import { createKafka } from '../adapters/kafka/kafka-client.js';
import { openStore } from '../adapters/store/clickhouse-store.js';
import { loadMigrations } from '../adapters/store/migration-files.js';
import { runMigrations } from '../adapters/store/migrator.js';
import type { Store } from '../adapters/store/store.js';
import { loadConfig, redactConfig, requireKafkaBrokers, type VigilConfig } from '../shared/config.js';
import { isVigilError } from '../shared/errors.js';
import { installGracefulStop } from '../shared/graceful-stop.js';
import { createRootLogger, type Logger } from '../shared/logger.js';
import { startProcessor, type RunningProcessor } from './runtime/start-processor.js';

const SQL_DIRECTORY = fileURLToPath(new URL('../../sql/', import.meta.url));

function loadConfigOrExit(): Readonly<VigilConfig> {
  try {
    const config = loadConfig();
    requireKafkaBrokers(config.kafka);
    return config;
  } catch (error) {
    process.stderr.write(`vigil-processor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger: Logger = createRootLogger({ level: config.logLevel, service: 'vigil-processor' });
  let store: Store | undefined;
  let processor: RunningProcessor | undefined;
  const stop = installGracefulStop(logger, async () => {
    await processor?.stop();
    await store?.close();
  });
  // Logged once the handlers are in place: a supervisor (or test) may signal as soon as it sees it.
  logger.info({ config: redactConfig(config) }, 'starting');

  try {
    store = await openStore(config.clickhouse, logger.child({ component: 'store' }));
    await runMigrations(store, loadMigrations(SQL_DIRECTORY), { logger: logger.child({ component: 'migrator' }) });
    const kafka = createKafka(config.kafka, logger, 'processor');
    await ensureTopics(kafka, config.kafka, logger.child({ component: 'topics' }));
    processor = await startProcessor({ config, store, logger, kafka });
  } catch (error) {
    logger.error({ err: error, code: isVigilError(error) ? error.code : undefined }, 'start-up failed');
    await stop('start-up failed', 1);
  }
  processor?.failed.catch((error: unknown) => {
    logger.error({ err: error }, 'the processor cannot go on');
    void stop('processor failed', 1);
  });
}

void main();
