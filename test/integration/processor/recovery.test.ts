// Crashes, scaling and bad input against the shared stack: each run has its own topics,
// consumer group and database, and only processes this file started are killed.
// Every disrupted run must leave exactly what a clean single-instance run leaves (see
// harness/compare-runs.ts for the one documented tolerance, on join-fed sketches).
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Admin } from 'kafkajs';
import type { SimEmission } from '../../../services/simulator/generator/emission.js';
import { createEventTopics, deleteCreatedTopics, javaCompatiblePartition, stackKafka } from '../stack/kafka-test-topics.js';
import { requireStackEnv } from '../stack/stack-env.js';
import { differences, describeSnapshot } from './harness/compare-runs.js';
import { readDeadLetters, recordCount } from './harness/dead-letters.js';
import { countValid, emissionsOf, publishEmissions, quickLabelModel, recentFleet, withMalformedCopies, type Topics } from './harness/fleet-data.js';
import { cleanRunSnapshot, newLogDir, ProcessorRun, type RunContext } from './harness/processor-run.js';
import type { ProcessorProcess } from './harness/processor-process.js';
import { fleetSettingsSnapshot, trainingProfiles } from './harness/scenario-fleet.js';
import { testProcessorConfig } from './harness/test-config.js';
import type { ModelWindowProfile } from '../../../services/core/profile/index.js';
import { waitForMembers } from './harness/progress.js';
import type { RunSnapshot } from './harness/store-snapshot.js';

const { kafka } = stackKafka('processor-recovery');
const MODELS = ['credit-risk-0001', 'fraud-score-0002', 'churn-0003'];
// Generous: the suite shares two cores with the broker and the ClickHouse server.
const TEST_TIMEOUT_MS = 420_000;
let admin: Admin;
let context: RunContext;
let dataset: SimEmission[];
let clean: RunSnapshot;
let references: Map<string, ModelWindowProfile>;

async function freshTopics(prefix: string): Promise<Topics> {
  return createEventTopics(admin, prefix);
}

/** Stops the run's processes when the test ends, passed or not. */
function track(run: ProcessorRun): ProcessorRun {
  // A failed run keeps its database (checkpoints, rows) for the investigation.
  onTestFinished(({ task }) => run.dispose(task.result?.state !== 'fail'));
  return run;
}

/** Splits emissions in `parts` consecutive slices (publish order kept). */
function slices(emissions: readonly SimEmission[], parts: number): SimEmission[][] {
  const size = Math.ceil(emissions.length / parts);
  return Array.from({ length: parts }, (_, i) => emissions.slice(i * size, (i + 1) * size));
}

function first(run: ProcessorRun): ProcessorProcess {
  const instance = run.instances[0];
  if (instance === undefined) throw new Error('the run has no instance');
  return instance;
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  context = { brokers: requireStackEnv('VIGIL_KAFKA_BROKERS'), clickhouseUrl: requireStackEnv('VIGIL_TEST_CLICKHOUSE_URL'), admin, logDir: newLogDir() };
  // Three models, keyed by model id, so the data spreads over several partitions.
  const spec = recentFleet(MODELS.map((modelId) => quickLabelModel({ modelId, requestsPerHour: 3_000 })), 16);
  dataset = emissionsOf(spec);
  references = trainingProfiles(spec, testProcessorConfig(), fleetSettingsSnapshot());
  clean = await cleanRunSnapshot(context, await freshTopics('proc-clean'), dataset, references);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await deleteCreatedTopics(admin);
  await admin.disconnect();
});

describe('the processor under crashes, scaling and bad input', () => {
  it('the clean run closes windows for every model and counts every valid event once', () => {
    const partitions = new Set(MODELS.map((model) => javaCompatiblePartition('any', model)));
    expect(partitions.size).toBeGreaterThan(1);
    const valid = countValid(dataset);
    expect(clean.counters.get('accepted|')).toBe(valid.predictions + valid.outcomes);
    expect(clean.counters.get('late_prediction|') ?? 0).toBe(0);
    for (const model of MODELS) {
      expect([...clean.statistics.keys()].some((key) => key.startsWith(`${model}|`)), `${model}: ${describeSnapshot(clean)}`).toBe(true);
    }
  });

  it('killed with SIGKILL five times at random moments, ends with the same statistics as a clean run', async () => {
    const run = track(await new ProcessorRun(context, 'kill', await freshTopics('proc-kill')).prepare(references));
    const parts = slices(await run.startPrimed(dataset), 5);
    let instance = first(run);
    for (const part of parts) {
      // A random moment while the instance works through a fresh slice (state and windows in flight).
      await publishEmissions(context.brokers, run.topics, part);
      await run.waitForProgress();
      await new Promise((resolveWait) => setTimeout(resolveWait, Math.random() * 1_500));
      await instance.kill9();
      instance = run.addInstance();
    }
    await run.waitForCaughtUp();
    expect(await instance.terminate()).toBe(0);
    expect(run.instances).toHaveLength(6);
    expect(differences(clean, await run.snapshot())).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('adding a second instance and stopping the first mid-run gives the statistics of a single instance', async () => {
    const run = track(await new ProcessorRun(context, 'rebalance', await freshTopics('proc-rebalance')).prepare(references));
    const [one, two, three] = slices(await run.startPrimed(dataset), 3);
    const original = first(run);
    await publishEmissions(context.brokers, run.topics, one ?? []);
    await run.waitForProgress();
    const added = run.addInstance();
    await waitForMembers(admin, run.settings.groupId, 2);
    await publishEmissions(context.brokers, run.topics, two ?? []);
    await run.waitForProgress();
    expect(await original.terminate()).toBe(0);
    await waitForMembers(admin, run.settings.groupId, 1);
    await publishEmissions(context.brokers, run.topics, three ?? []);
    await run.waitForCaughtUp();
    expect(added.running).toBe(true);
    expect(await added.terminate()).toBe(0);
    expect(differences(clean, await run.snapshot())).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('sends 1% malformed records to the dead-letter topic with their reason and leaves the valid statistics unchanged', async () => {
    const run = track(await new ProcessorRun(context, 'malformed', await freshTopics('proc-malformed')).prepare(references));
    const { emissions, malformed } = withMalformedCopies(dataset, 100);
    const injected = [...malformed.values()].reduce((a, b) => a + b, 0);
    await publishEmissions(context.brokers, run.topics, await run.startPrimed(emissions));
    await run.waitForCaughtUp();
    expect(await first(run).terminate()).toBe(0);

    expect(await recordCount(kafka, run.settings.topics.deadLetters)).toBe(injected);
    const letters = await readDeadLetters(kafka, run.settings.topics.deadLetters, injected);
    for (const letter of letters) {
      expect(letter.headers['vigil-error-code'], JSON.stringify(letter.headers)).toMatch(/^[A-Z_]+$/);
      expect(letter.headers['vigil-error-message']).not.toBe('');
      expect([run.topics.predictions, run.topics.outcomes]).toContain(letter.headers['vigil-source-topic']);
      expect(letter.headers['vigil-source-offset']).toMatch(/^\d+$/);
    }
    const snapshot = await run.snapshot();
    const deadLettered = [...snapshot.counters].filter(([key]) => key.startsWith('dead_lettered|')).reduce((sum, [, value]) => sum + value, 0);
    expect(deadLettered).toBe(injected);
    const withoutDeadLetters = { ...snapshot, counters: new Map([...snapshot.counters].filter(([key]) => !key.startsWith('dead_lettered|'))) };
    // Everything the valid events decide is untouched: prediction and label windows, states,
    // profiles and counters. The malformed copies reach the broker before the valid records
    // around them (the SDK buffers, the raw producer does not), so a partition's first outcomes
    // may all be dead letters: the outcomes topic must still hold the watermark (ARCHITECTURE.md,
    // "Watermarks under backlog").
    expect(differences(clean, withoutDeadLetters)).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
