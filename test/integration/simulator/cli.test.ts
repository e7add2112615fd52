import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../stack/stack-env.js';
import { consumeRecords, createEventTopics, stackKafka } from '../stack/kafka-test-topics.js';

const { kafka, brokers } = stackKafka('simulator-cli-integration');
let admin: Admin;
let topics: { predictions: string; outcomes: string };
const extraTopics = { anomalies: uniqueName('sim-cli-anomalies'), deadLetters: uniqueName('sim-cli-dead-letters') };

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  topics = await createEventTopics(admin, 'sim-cli');
});

afterAll(async () => {
  const existing = new Set(await admin.listTopics());
  const mine = [topics.predictions, topics.outcomes, extraTopics.anomalies, extraTopics.deadLetters].filter((t) => existing.has(t));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  await admin.disconnect();
});

interface LogLine {
  msg?: string;
  stoppedBy?: string;
  published?: Record<string, number>;
}

describe('the simulator CLI', () => {
  it('publishes until SIGTERM, then flushes, reports what it sent and writes the ground truth', async () => {
    const groundTruth = join(mkdtempSync(join(tmpdir(), 'vigil-sim-')), 'ground-truth.json');
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/simulator/cli/run.ts', '--preset', 'demo', '--rate', '300', '--speed-up', '3600', '--start', '2026-01-01T00:00:00Z', '--horizon-hours', '2'], {
      env: {
        PATH: process.env['PATH'],
        VIGIL_KAFKA_BROKERS: brokers.join(','),
        VIGIL_TOPIC_PREDICTIONS: topics.predictions,
        VIGIL_TOPIC_OUTCOMES: topics.outcomes,
        VIGIL_TOPIC_ANOMALIES: extraTopics.anomalies,
        VIGIL_TOPIC_DEAD_LETTERS: extraTopics.deadLetters,
        VIGIL_SIM_GROUND_TRUTH: groundTruth,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const deadline = Date.now() + 60_000;
    while (!stdout.includes('simulator starting') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(stdout, stderr).toContain('simulator starting');
    await new Promise((r) => setTimeout(r, 4_000));
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);

    const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const finished = lines.find((l) => l.msg === 'simulator finished');
    expect(finished?.stoppedBy).toBe('signal');
    const published = Object.values(finished?.published ?? {}).reduce((a, b) => a + b, 0);
    expect(published).toBeGreaterThan(0);

    const records = await consumeRecords(kafka, [topics.predictions, topics.outcomes], published);
    expect(records).toHaveLength(published);

    const truth = JSON.parse(readFileSync(groundTruth, 'utf8')) as { injected: { type: string }[]; tally?: { requests: number } };
    expect(truth.tally?.requests).toBeGreaterThan(0);
    expect(truth.injected.some((i) => i.type === 'bias')).toBe(true);
  });
});
