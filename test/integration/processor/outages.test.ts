// Infrastructure outages on a PRIVATE stack (its own broker and ClickHouse server, started
// here): stopping the shared stack's services would break the other test files running in
// parallel. Each outage happens while the processor holds open windows and more events keep
// arriving; the result must equal a clean run over the same events on the same stack.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { SimEmission } from '../../../services/simulator/generator/emission.js';
import { createTopicsOn } from './harness/private-topics.js';
import { differences } from './harness/compare-runs.js';
import { countValid, emissionsOf, publishEmissions, quickLabelModel, recentFleet, type Topics } from './harness/fleet-data.js';
import { PrivateStack } from './harness/private-stack.js';
import { cleanRunSnapshot, newLogDir, ProcessorRun, type RunContext } from './harness/processor-run.js';
import { groupLag, waitUntil } from './harness/progress.js';
import type { RunSnapshot } from './harness/store-snapshot.js';
import { fleetSettingsSnapshot, trainingProfiles } from './harness/scenario-fleet.js';
import { testProcessorConfig } from './harness/test-config.js';
import type { ModelWindowProfile } from '../../../services/core/profile/index.js';

const CLICKHOUSE_OUTAGE_MS = 60_000;
// Generous: the suite shares two cores with the other test files' broker and server.
const TEST_TIMEOUT_MS = 360_000;
const stack = new PrivateStack();
let kafka: Kafka;
let admin: Admin;
let adminConnected = false;
let context: RunContext;
let dataset: SimEmission[];
let clean: RunSnapshot;
let references: Map<string, ModelWindowProfile>;

function halves(emissions: readonly SimEmission[]): [SimEmission[], SimEmission[]] {
  const middle = Math.floor(emissions.length / 2);
  return [emissions.slice(0, middle), emissions.slice(middle)];
}

async function waitForAllCommitted(run: ProcessorRun): Promise<void> {
  await waitUntil('first half processed', () => groupLag(admin, run.settings.groupId, run.inputTopics()), (lag) => lag.total === 0, 120_000);
}

beforeAll(async () => {
  const env = await stack.up();
  kafka = new Kafka({ clientId: 'processor-outages', brokers: env.VIGIL_KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  adminConnected = true;
  context = { brokers: env.VIGIL_KAFKA_BROKERS, clickhouseUrl: env.VIGIL_TEST_CLICKHOUSE_URL, admin, logDir: newLogDir() };
  const spec = recentFleet(['credit-risk-0001', 'fraud-score-0002'].map((modelId) => quickLabelModel({ modelId, requestsPerHour: 3_000 })), 16, 10, 23);
  dataset = emissionsOf(spec);
  references = trainingProfiles(spec, testProcessorConfig(), fleetSettingsSnapshot());
  clean = await cleanRunSnapshot(context, await createTopicsOn(admin, 'outage-clean'), dataset, references);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  if (adminConnected) await admin.disconnect();
  await stack.down();
}, 120_000);

async function startedRun(name: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<{ run: ProcessorRun; topics: Topics }> {
  const topics = await createTopicsOn(admin, name);
  const run = await new ProcessorRun(context, name, topics, extraEnv).prepare(references);
  onTestFinished(() => run.dispose(false));
  return { run, topics };
}

describe('the processor through infrastructure outages', () => {
  it('holds its backlog while ClickHouse is down for 60 s and drains it afterwards, losing and doubling nothing', async () => {
    const { run, topics } = await startedRun('outage-clickhouse');
    const [first, second] = halves(await run.startPrimed(dataset));
    await publishEmissions(context.brokers, topics, first);
    await waitForAllCommitted(run);

    await stack.stopClickHouse();
    const outageEnds = Date.now() + CLICKHOUSE_OUTAGE_MS;
    await publishEmissions(context.brokers, topics, second);
    await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(0, outageEnds - Date.now())));
    // Offsets are committed only after the checkpoint is stored: none could be during the outage.
    expect((await groupLag(admin, run.settings.groupId, run.inputTopics())).total).toBeGreaterThan(0);
    await stack.startClickHouse();

    await run.waitForCaughtUp(TEST_TIMEOUT_MS - 120_000);
    expect(run.instances[0]?.running).toBe(true);
    expect(await run.instances[0]?.terminate()).toBe(0);
    const snapshot = await run.snapshot();
    const valid = countValid(dataset);
    expect(snapshot.counters.get('accepted|')).toBe(valid.predictions + valid.outcomes);
    expect(differences(clean, snapshot)).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('recovers by itself when the broker restarts mid-run, even after kafkajs gives up on it', async () => {
    // One retry per request: the consumer crashes within a second of the broker going away,
    // and the processor has to rejoin by itself (kafkajs' own restarts are turned off).
    const { run, topics } = await startedRun('outage-broker', { VIGIL_KAFKA_RETRIES: '1' });
    const [first, second] = halves(await run.startPrimed(dataset));
    await publishEmissions(context.brokers, topics, first);
    await waitForAllCommitted(run);

    await stack.restartKafka();
    await publishEmissions(context.brokers, topics, second);

    await run.waitForCaughtUp(TEST_TIMEOUT_MS - 120_000);
    expect(run.instances[0]?.running).toBe(true);
    expect(run.instances).toHaveLength(1);
    expect(await run.instances[0]?.terminate()).toBe(0);
    expect(run.instances[0]?.loggedMessages()).toContain('consumer restarted after a crash');
    expect(differences(clean, await run.snapshot())).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
