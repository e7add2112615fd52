import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireStackEnv, uniqueName } from '../stack/stack-env.js';

const root = join(import.meta.dirname, '..', '..', '..');
const children: ChildProcess[] = [];

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts a TypeScript entry point with only the given environment (plus PATH). */
function start(entry: string, env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); }));
  return { child, output: () => output, exited };
}

async function waitFor(run: Run, predicate: (output: string) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(run.output())) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${run.output().slice(-4_000)}`);
    if (run.child.exitCode !== null) throw new Error(`exited with ${run.child.exitCode}:\n${run.output().slice(-4_000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface FleetPage {
  readonly items: { readonly modelId: string; readonly state: string }[];
}

async function fleet(url: string, key: string): Promise<FleetPage | null> {
  const response = await fetch(`${url}/v1/models?limit=50`, { headers: { authorization: `Bearer ${key}` } });
  return response.ok ? ((await response.json()) as FleetPage) : null;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  }
});

describe('the single-process target', () => {
  it('stops with one line naming the setting when the brokers are missing', async () => {
    const run = start('services/all/main.ts', { VIGIL_CLICKHOUSE_PATH: mkdtempSync(join(tmpdir(), 'vigil-all-')) });
    expect(await run.exited).toBe(2);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('kafka');
  });

  it('turns simulated traffic into model states served by its query API, and stops cleanly', async () => {
    const id = uniqueName('all');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-all-'));
    const env = {
      VIGIL_KAFKA_BROKERS: requireStackEnv('VIGIL_KAFKA_BROKERS'),
      VIGIL_KAFKA_CLIENT_ID: id,
      VIGIL_KAFKA_TOPIC_PARTITIONS: '3',
      VIGIL_TOPIC_PREDICTIONS: `${id}.predictions`,
      VIGIL_TOPIC_OUTCOMES: `${id}.outcomes`,
      VIGIL_TOPIC_ANOMALIES: `${id}.anomalies`,
      VIGIL_TOPIC_DEAD_LETTERS: `${id}.dead-letters`,
      VIGIL_CLICKHOUSE_PATH: join(dir, 'chdb'),
      VIGIL_PROCESSOR_GROUP_ID: `${id}-processor`,
      VIGIL_PROCESSOR_WINDOW_SIZE_MS: '60000',
      VIGIL_PROCESSOR_GRACE_MS: '5000',
      VIGIL_PROCESSOR_LABEL_HORIZON_MS: '120000',
      VIGIL_PROCESSOR_CHECKPOINT_INTERVAL_MS: '1000',
      VIGIL_PROCESSOR_HTTP_PORT: '0',
      VIGIL_API_PORT: '0',
      VIGIL_LOG_LEVEL: 'info',
    };
    const keyFile = join(dir, 'api-key');
    const all = start('services/all/main.ts', env, ['--seed-demo-settings', '--demo-key-file', keyFile]);
    await waitFor(all, (o) => o.includes('"query API listening"'), 90_000);
    const listening = all
      .output()
      .split('\n')
      .find((line) => line.includes('"query API listening"'));
    const url = (JSON.parse(listening ?? '{}') as { url?: string }).url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const key = readFileSync(keyFile, 'utf8').trim();

    const groundTruth = join(dir, 'ground-truth.json');
    const simulator = start('services/simulator/cli/run.ts', env, ['--preset', 'demo', '--rate', '400', '--duration', '8', '--ground-truth', groundTruth]);
    expect(await simulator.exited).toBe(0);

    const deadline = Date.now() + 90_000;
    let page = await fleet(url, key);
    while ((page?.items.length ?? 0) < 5 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      page = await fleet(url, key);
    }
    const models = (page?.items ?? []).map((m) => m.modelId).sort();
    expect(models).toEqual(['churn-0003', 'credit-risk-0001', 'credit-risk-0005', 'demand-forecast-0004', 'fraud-score-0002']);
    expect(page?.items.every((m) => ['healthy', 'warning', 'critical', 'no_data'].includes(m.state))).toBe(true);
    // Without a key the API refuses.
    expect((await fetch(`${url}/v1/models`)).status).toBe(401);

    all.child.kill('SIGTERM');
    expect(await all.exited).toBe(0);
    expect(all.output()).toContain('"stopped"');
  });
});
