// The single-process target: in embedded mode one process holds the embedded ClickHouse,
// so every service runs here. Today: store + migrations, topics, and the flow monitor.
import { fileURLToPath } from 'node:url';
import { createKafka } from '../adapters/kafka/kafka-client.js';
import { ensureTopics } from '../adapters/kafka/ensure-topics.js';
import { openStore } from '../adapters/store/clickhouse-store.js';
import { loadMigrations } from '../adapters/store/migration-files.js';
import { runMigrations } from '../adapters/store/migrator.js';
import { loadConfig, redactConfig, type VigilConfig } from '../shared/config.js';
import { isVigilError } from '../shared/errors.js';
import { createRootLogger } from '../shared/logger.js';
import { startFlowMonitor } from './flow-monitor.js';

const SQL_DIRECTORY = fileURLToPath(new URL('../../sql/', import.meta.url));

function loadConfigOrExit(): Readonly<VigilConfig> {
  try {
    return loadConfig();
  } catch (error) {
    // One clear line naming the setting, before any logger exists.
    process.stderr.write(`vigil: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createRootLogger({ level: config.logLevel, service: 'vigil' });
  logger.info({ config: redactConfig(config) }, 'starting');

  const store = await openStore(config.clickhouse, logger.child({ component: 'store' }));
  const report = await runMigrations(store, loadMigrations(SQL_DIRECTORY), { logger: logger.child({ component: 'migrator' }) });
  logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied }, 'store ready');

  const kafka = createKafka(config.kafka, logger, 'all');
  await ensureTopics(kafka, config.kafka, logger.child({ component: 'topics' }));
  const monitor = await startFlowMonitor({
    kafka,
    topics: config.kafka.topics,
    groupId: `${config.kafka.clientId}-flow-monitor`,
    logger: logger.child({ component: 'flow-monitor' }),
    reportEveryMs: 5_000,
  });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await monitor.stop();
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
  process.stderr.write(`vigil: ${isVigilError(error) ? `${error.code}: ${error.message}` : String(error)}\n`);
  process.exit(1);
});
