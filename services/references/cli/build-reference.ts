import { rename, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { openStore } from '../../adapters/store/index.js';
import { actorOfCliUser } from '../../api/audit/audit-entry.js';
import { AuditLog } from '../../api/audit/audit-log.js';
import { loadConfig } from '../../shared/config.js';
import { VigilError, isVigilError } from '../../shared/errors.js';
import { createRootLogger } from '../../shared/logger.js';
import { referenceAssignedAudit, referenceCreatedAudit } from '../reference-audit.js';
import { toReferenceProfileFile } from '../reference-profile-file.js';
import { buildReferenceProfile } from '../training/build-reference-profile.js';
import { formatOfPath, readTrainingFile } from '../training/training-file.js';
import { storeUploadedReference } from '../upload-reference.js';
import { parseBuildArguments, USAGE, type BuildCommand } from './build-reference-arguments.js';
import { MemoryPeak } from './memory-peak.js';

// npm run reference:build -- --input train.csv --model credit --prediction-column pred … --output profile.json | --store
// Prints one JSON summary on stdout (rows used, bad rows by reason, where it went, peak memory); progress on stderr.

async function store(command: BuildCommand, profile: Parameters<typeof toReferenceProfileFile>[0]): Promise<Record<string, unknown>> {
  const config = loadConfig();
  const logger = createRootLogger({ level: 'warn', service: 'reference-build' });
  const store = await openStore(config.clickhouse, logger);
  try {
    const clock = (): number => Date.now();
    const actor = actorOfCliUser(userInfo().username);
    const upload = { modelId: command.build.modelId, description: command.description, profile };
    const result = await storeUploadedReference(store, command.build.modelId, upload, actor, { assign: command.assign, atMs: clock() });
    const audit = new AuditLog(store, clock);
    await audit.record(referenceCreatedAudit(result.reference, actor, ''));
    if (result.assignment !== null) await audit.record(referenceAssignedAudit(result.assignment, actor, ''));
    return { stored: { referenceId: result.reference.referenceId, assigned: result.assignment !== null, database: store.database } };
  } finally {
    await store.close();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const command = parseBuildArguments(argv);
  if (command === null) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const memory = new MemoryPeak();
  memory.sample();
  const { profile, report } = await buildReferenceProfile(readTrainingFile(command.input, command.file), {
    ...command.build,
    progressEvery: 10_000,
    onProgress: (progress) => {
      memory.sample();
      if (progress.records % 1_000_000 === 0) console.error(`… ${progress.records} records (${progress.bad} bad)`);
    },
  });
  memory.sample();
  if (report.used === 0) {
    throw new VigilError('REFERENCE_INVALID', `no usable rows in "${command.input}" (${report.bad} bad)`, { badByReason: report.badByReason });
  }
  let destination: Record<string, unknown>;
  if (command.output !== null) {
    // Write then rename: a reader never sees half a file.
    const temporary = `${command.output}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(toReferenceProfileFile(profile, command.description))}\n`);
    await rename(temporary, command.output);
    destination = { output: command.output };
  } else {
    destination = await store(command, profile);
  }
  console.log(
    JSON.stringify({
      input: command.input,
      format: formatOfPath(command.input, command.file.format),
      modelId: command.build.modelId,
      ...report,
      predictions: profile.predictions,
      features: profile.features.size,
      ...destination,
      elapsedMs: Date.now() - started,
      peakHeapUsedBytes: memory.heapUsed,
      peakRssBytes: memory.rss,
    }),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(isVigilError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
