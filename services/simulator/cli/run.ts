// Runs the fleet simulator against Kafka:
//   npx tsx services/simulator/cli/run.ts --preset demo --rate 500 --speed-up 600
// Settings: flags or VIGIL_SIM_* (see options.ts); Kafka: VIGIL_KAFKA_BROKERS etc.
// Writes the ground truth at start and again, with what was emitted, at exit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createKafka } from '../../adapters/kafka/kafka-client.js';
import { ensureTopics } from '../../adapters/kafka/ensure-topics.js';
import { loadConfig } from '../../shared/config.js';
import { createRootLogger } from '../../shared/logger.js';
import { FleetGenerator } from '../generator/fleet-generator.js';
import { buildGroundTruth } from '../scenarios/ground-truth.js';
import { buildPresetFleet } from '../spec/presets.js';
import { systemClock } from '../runner/clock.js';
import { createKafkaPublisher } from '../runner/kafka-publisher.js';
import { nullPublisher } from '../runner/null-publisher.js';
import type { Publisher } from '../runner/publisher.js';
import { runSimulation } from '../runner/run-simulation.js';
import { parseSimulatorOptions } from './options.js';

async function main(): Promise<number> {
  const options = parseSimulatorOptions(process.argv.slice(2), process.env, Date.now());
  const config = options.dryRun ? undefined : loadConfig();
  const logger = createRootLogger({ level: config?.logLevel ?? process.env['VIGIL_LOG_LEVEL'] ?? 'info', service: 'simulator' });

  const spec = buildPresetFleet({
    preset: options.preset,
    models: options.models,
    seed: options.seed,
    runId: options.runId,
    startTime: options.startTime,
    endTime: options.endTime,
    scenarioHorizonMs: options.scenarioHorizonMs,
    // records per simulated hour = records per wall second × wall seconds per simulated hour
    eventsPerHour: (options.rate * 3_600) / options.speedUp,
  });
  const generator = new FleetGenerator(spec);
  const writeGroundTruth = (withTally: boolean): void => {
    mkdirSync(dirname(options.groundTruthPath), { recursive: true });
    writeFileSync(options.groundTruthPath, `${JSON.stringify(buildGroundTruth(spec, withTally ? generator.tally : undefined), null, 2)}\n`);
  };
  writeGroundTruth(false);
  logger.info(
    {
      preset: options.preset,
      models: spec.models.length,
      seed: options.seed,
      runId: options.runId,
      ratePerSecond: options.rate,
      speedUp: options.speedUp,
      simStart: new Date(options.startTime).toISOString(),
      durationS: Number.isFinite(options.durationMs) ? options.durationMs / 1000 : null,
      groundTruth: options.groundTruthPath,
      dryRun: options.dryRun,
    },
    'simulator starting',
  );

  let publisher: Publisher = nullPublisher;
  if (config !== undefined) {
    await ensureTopics(createKafka(config.kafka, logger, 'simulator-admin'), config.kafka, logger);
    publisher = createKafkaPublisher({ kafka: config.kafka, logger });
  }

  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping: flushing the producer');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    const summary = await runSimulation({
      emissions: generator,
      publisher,
      clock: systemClock,
      signal: controller.signal,
      simStartTime: options.startTime,
      speedUp: options.speedUp,
      maxRatePerSecond: options.maxRate,
      durationMs: options.durationMs,
      simTimeLimit: () => Date.now(),
      onProgress: (p) => {
        logger.info({ ...p, simTime: new Date(p.simTime).toISOString(), ratePerSecond: Math.round((total(p.published) * 1000) / p.wallMs) }, 'progress');
      },
    });
    logger.info({ ...summary, simTime: new Date(summary.simTime).toISOString() }, 'simulator finished');
  } finally {
    await publisher.close();
    writeGroundTruth(true);
    logger.info({ groundTruth: options.groundTruthPath, tally: generator.tally }, 'ground truth written');
  }
  return 0;
}

function total(published: Readonly<Record<string, number>>): number {
  return Object.values(published).reduce((a, b) => a + b, 0);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  },
);
