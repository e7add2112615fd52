// A simulator fleet with known injected drift, bias and accuracy decay, processed end to end
// (Kafka → processor → ClickHouse) on both engines: the ClickHouse server with the processor as
// a child process, and embedded chDB with the processor in this process. The statistics written
// must equal those the pure core computes offline from the same records in the same
// per-partition order, and the injected problems must be flagged in the windows they affect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import type { SimEmission } from '../../../services/simulator/generator/emission.js';
import { createEventTopics, deleteCreatedTopics, stackKafka } from '../stack/kafka-test-topics.js';
import { requireStackEnv } from '../stack/stack-env.js';
import { valueTolerance } from './harness/compare-runs.js';
import { emissionsOf, MINUTE, publishEmissions, splitPriming, type Topics } from './harness/fleet-data.js';
import { EmbeddedProcessor } from './harness/in-process-processor.js';
import { closeWindowsOffline, offlineWindowStatistics, readLog } from './harness/offline-statistics.js';
import { testProcessorConfig } from './harness/test-config.js';
import { newLogDir, ProcessorRun, type RunContext } from './harness/processor-run.js';
import { waitForCaughtUp } from './harness/progress.js';
import { BIAS_MODEL, DECAY_MODEL, DRIFT_MODEL, fleetSettingsSnapshot, scenarioFleet, trainingProfiles, uploadReferences } from './harness/scenario-fleet.js';
import { openServerStore, snapshotRun, type RunSnapshot, type StatisticRow } from './harness/store-snapshot.js';
import type { ModelWindowProfile } from '../../../services/core/profile/index.js';

const { kafka } = stackKafka('processor-scenario');
let admin: Admin;
let context: RunContext;
let onset: number;
let emissions: SimEmission[];
let profiles: Map<string, ModelWindowProfile>;
const settings = fleetSettingsSnapshot();
const processorConfig = testProcessorConfig();

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  context = { brokers: requireStackEnv('VIGIL_KAFKA_BROKERS'), clickhouseUrl: requireStackEnv('VIGIL_TEST_CLICKHOUSE_URL'), admin, logDir: newLogDir() };
  const fleet = scenarioFleet();
  onset = fleet.onset;
  emissions = emissionsOf(fleet.spec);
  profiles = trainingProfiles(fleet.spec, processorConfig, settings);
}, 180_000);

afterAll(async () => {
  await deleteCreatedTopics(admin);
  await admin.disconnect();
});

/** Only the per-window rows: rolling spans merge stored windows and are covered by the sink's own tests. */
function windowRows(snapshot: RunSnapshot): Map<string, StatisticRow> {
  return new Map([...snapshot.statistics].filter(([key]) => key.split('|')[3] === 'window'));
}

function mismatches(expected: Map<string, StatisticRow>, actual: Map<string, StatisticRow>): string[] {
  const out: string[] = [];
  for (const [key, want] of expected) {
    const got = actual.get(key);
    // 1e-12: the 18.16 server's Float64 text round trip can change the last bit (chDB's does not).
    const { absolute, relative: joinTolerance } = valueTolerance(key);
    const relative = Math.max(joinTolerance, 1e-12);
    const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) <= absolute + relative * Math.max(Math.abs(a), Math.abs(b)));
    if (got === undefined) out.push(`missing ${key}`);
    else if (!close(want.value, got.value) || want.sampleSize !== got.sampleSize || want.referenceSize !== got.referenceSize || want.partials !== got.partials || (absolute + joinTolerance === 0 && want.status !== got.status)) {
      out.push(`${key}: offline ${JSON.stringify(want)}, processor ${JSON.stringify(got)}`);
    }
  }
  for (const key of actual.keys()) if (!expected.has(key)) out.push(`unexpected ${key}`);
  return out.slice(0, 30);
}

/** (window end, value, status) of one statistic of one model, by window. */
function series(rows: Map<string, StatisticRow>, model: string, family: string, subject: string, metric: string): { end: number; row: StatisticRow }[] {
  const out: { end: number; row: StatisticRow }[] = [];
  for (const [key, row] of rows) {
    const [m, , role, span, end = '', f, s, name] = key.split('|');
    if (m === model && role === 'champion' && span === 'window' && f === family && s === subject && name === metric) out.push({ end: Date.parse(`${end.replace(' ', 'T')}Z`), row });
  }
  return out.sort((a, b) => a.end - b.end);
}

/** The problem is flagged in every window that starts at or after the onset, and separates them from every earlier window. */
function expectFlaggedAfterOnset(rows: Map<string, StatisticRow>, model: string, family: string, subject: string, metric: string, worseIsHigher: boolean): void {
  const all = series(rows, model, family, subject, metric).filter((p) => p.row.value !== null);
  const after = all.filter((p) => p.end - MINUTE >= onset);
  const before = all.filter((p) => p.end <= onset);
  expect(after.length, `${model} ${metric}: windows after the onset`).toBeGreaterThanOrEqual(3);
  expect(before.length, `${model} ${metric}: windows before the onset`).toBeGreaterThanOrEqual(3);
  for (const p of after) expect(['warning', 'critical'], `${model} ${metric} at ${new Date(p.end).toISOString()}`).toContain(p.row.status);
  const values = (ps: typeof all): number[] => ps.map((p) => (worseIsHigher ? 1 : -1) * (p.row.value ?? 0));
  expect(Math.min(...values(after))).toBeGreaterThan(Math.max(...values(before)));
}

async function expectMatchesOffline(topics: Topics, snapshot: RunSnapshot, referencesById: Awaited<ReturnType<typeof uploadReferences>>): Promise<Map<string, StatisticRow>> {
  const log = await readLog(kafka, topics, emissions.length);
  const offline = offlineWindowStatistics(closeWindowsOffline(log, processorConfig, settings), settings, referencesById);
  const written = windowRows(snapshot);
  expect(offline.size).toBeGreaterThan(500);
  expect(mismatches(offline, written)).toEqual([]);
  return written;
}

function expectInjectedProblemsFlagged(rows: Map<string, StatisticRow>): void {
  expectFlaggedAfterOnset(rows, DRIFT_MODEL, 'drift', 'score', 'psi', true);
  expectFlaggedAfterOnset(rows, BIAS_MODEL, 'fairness', 'gender=female', 'disparate_impact', false);
  expectFlaggedAfterOnset(rows, DECAY_MODEL, 'accuracy', '', 'accuracy_relative_drop', true);
}

// Generous: the whole suite shares two cores with the broker and the ClickHouse server.
const TEST_TIMEOUT_MS = 300_000;

describe('the processor on a simulated fleet with injected problems', () => {
  it(
    'on the ClickHouse server writes the statistics the core computes offline and flags each problem in the right windows',
    async () => {
      const topics = await createEventTopics(admin, 'proc-scenario');
      const run = await new ProcessorRun(context, 'scenario', topics).prepare();
      const store = await openServerStore(context.clickhouseUrl, run.settings.database);
      try {
        const references = await uploadReferences(store, profiles);
        await publishEmissions(context.brokers, topics, await run.startPrimed(emissions));
        await run.waitForCaughtUp(TEST_TIMEOUT_MS - 60_000);
        expect(await run.instances[0]?.terminate()).toBe(0);
        const rows = await expectMatchesOffline(topics, await snapshotRun(store), references);
        expectInjectedProblemsFlagged(rows);
      } finally {
        await store.close();
        await run.dispose();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'on embedded chDB (processor in this process) writes the same statistics and flags the same problems',
    async () => {
      const topics = await createEventTopics(admin, 'proc-scenario-chdb');
      const groupId = `vigil-test-scenario-chdb-${Date.now().toString(36)}`;
      const embedded = new EmbeddedProcessor({ brokers: context.brokers, database: 'vigil', topics: { ...topics, deadLetters: `${topics.predictions}-dlq-chdb` }, groupId });
      try {
        const references = await uploadReferences(await embedded.open(), profiles);
        // Primed like every run (see splitPriming in harness/fleet-data.ts).
        const [priming, rest] = splitPriming(emissions);
        await publishEmissions(context.brokers, topics, priming);
        await embedded.start();
        await waitForCaughtUp(admin, groupId, [topics.predictions, topics.outcomes], 120_000);
        await publishEmissions(context.brokers, topics, rest);
        await waitForCaughtUp(admin, groupId, [topics.predictions, topics.outcomes], TEST_TIMEOUT_MS - 60_000);
        await embedded.running?.stop();
        embedded.running = undefined;
        if (embedded.store === undefined) throw new Error('the embedded store is closed');
        const rows = await expectMatchesOffline(topics, await snapshotRun(embedded.store), references);
        expectInjectedProblemsFlagged(rows);
      } finally {
        await embedded.dispose();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
