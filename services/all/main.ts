// The single-process target: in embedded mode one process holds the embedded ClickHouse, so
// every service runs here: migrations, topics, the processor and the query API.
// Flags (npm start passes both): --seed-demo-settings writes the fleet-default model settings the
// simulated fleet needs when none exist; --demo-key-file PATH keeps a local admin API key there.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createKafka } from '../adapters/kafka/kafka-client.js';
import { ensureTopics } from '../adapters/kafka/ensure-topics.js';
import { openStore } from '../adapters/store/clickhouse-store.js';
import { loadMigrations } from '../adapters/store/migration-files.js';
import { runMigrations } from '../adapters/store/migrator.js';
import type { Store } from '../adapters/store/store.js';
import { startApi, type RunningApi } from '../api/start-api.js';
import { startProcessor, type RunningProcessor } from '../processor/runtime/start-processor.js';
import { loadConfig, redactConfig, requireKafkaBrokers, type VigilConfig } from '../shared/config.js';
import { isVigilError } from '../shared/errors.js';
import { installGracefulStop } from '../shared/graceful-stop.js';
import { createRootLogger } from '../shared/logger.js';
import { ensureDemoKey, seedDemoSettings } from './demo-setup.js';

const SQL_DIRECTORY = fileURLToPath(new URL('../../sql/', import.meta.url));

function loadConfigOrExit(): Readonly<VigilConfig> {
  try {
    const config = loadConfig();
    requireKafkaBrokers(config.kafka);
    return config;
  } catch (error) {
    // One clear line naming the setting, before any logger exists.
    process.stderr.write(`vigil: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}

/** One line on stderr saying why start-up failed, for whoever started the process. */
function reportFailure(error: unknown): void {
  process.stderr.write(`vigil: ${isVigilError(error) ? `${error.code}: ${error.message}` : String(error)}\n`);
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({ options: { 'seed-demo-settings': { type: 'boolean' }, 'demo-key-file': { type: 'string' } } });
  const config = loadConfigOrExit();
  const logger = createRootLogger({ level: config.logLevel, service: 'vigil' });
  const clock = Date.now;

  // Filled as each part starts; a signal during start-up stops what is running so far.
  const running: { store?: Store; processor?: RunningProcessor; api?: RunningApi } = {};
  const stop = installGracefulStop(logger, async () => {
    await running.api?.close();
    await running.processor?.stop();
    await running.store?.close();
  });
  // Logged once the handlers are in place: a supervisor (or test) may signal as soon as it sees it.
  logger.info({ config: redactConfig(config) }, 'starting');

  try {
    const store = await openStore(config.clickhouse, logger.child({ component: 'store' }));
    running.store = store;
    const report = await runMigrations(store, loadMigrations(SQL_DIRECTORY), { logger: logger.child({ component: 'migrator' }) });
    logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied }, 'store ready');
    if (flags['seed-demo-settings'] === true) await seedDemoSettings(store, logger, clock);
    if (flags['demo-key-file'] !== undefined) await ensureDemoKey(store, flags['demo-key-file'], logger, clock);

    const kafka = createKafka(config.kafka, logger, 'all');
    await ensureTopics(kafka, config.kafka, logger.child({ component: 'topics' }));
    const processor = await startProcessor({ config, store, logger, kafka });
    running.processor = processor;
    processor.failed.catch((error: unknown) => {
      logger.error({ err: error }, 'the processor failed');
      void stop('processor failed', 1);
    });
    running.api = await startApi({ store, config: config.api, logger: logger.child({ component: 'api' }), clock });
  } catch (error) {
    // What started so far is closed (the embedded store releases its files) before the exit.
    reportFailure(error);
    logger.error({ err: error, code: isVigilError(error) ? error.code : undefined }, 'start-up failed');
    await stop('start-up failed', 1);
  }
}

main().catch((error: unknown) => {
  reportFailure(error);
  process.exit(1);
});
