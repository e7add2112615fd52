import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

function flowLines(output: string): { flow: Record<string, { valid: number; invalid: number }> }[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"events flowing"'))
    .map((line) => JSON.parse(line) as { flow: Record<string, { valid: number; invalid: number }> });
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

  it('shows simulated events flowing through Kafka and counts malformed ones by reason', async () => {
    const id = uniqueName('all');
    const env = {
      VIGIL_KAFKA_BROKERS: requireStackEnv('VIGIL_KAFKA_BROKERS'),
      VIGIL_KAFKA_CLIENT_ID: id,
      VIGIL_KAFKA_TOPIC_PARTITIONS: '3',
      VIGIL_TOPIC_PREDICTIONS: `${id}.predictions`,
      VIGIL_TOPIC_OUTCOMES: `${id}.outcomes`,
      VIGIL_TOPIC_ANOMALIES: `${id}.anomalies`,
      VIGIL_TOPIC_DEAD_LETTERS: `${id}.dead-letters`,
      VIGIL_CLICKHOUSE_PATH: mkdtempSync(join(tmpdir(), 'vigil-all-')),
      VIGIL_LOG_LEVEL: 'info',
    };
    const all = start('services/all/main.ts', env);
    await waitFor(all, (o) => o.includes('"store ready"'), 60_000);

    const groundTruth = join(mkdtempSync(join(tmpdir(), 'vigil-sim-')), 'ground-truth.json');
    const simulator = start('services/simulator/cli/run.ts', env, ['--preset', 'demo', '--rate', '400', '--duration', '8', '--ground-truth', groundTruth]);
    expect(await simulator.exited).toBe(0);

    await waitFor(all, (o) => flowLines(o).some((l) => Object.values(l.flow).some((t) => t.invalid > 0)), 60_000);
    const totals = flowLines(all.output()).flatMap((l) => Object.values(l.flow));
    expect(totals.reduce((sum, t) => sum + t.valid, 0)).toBeGreaterThan(0);
    expect(totals.reduce((sum, t) => sum + t.invalid, 0)).toBeGreaterThan(0);

    all.child.kill('SIGTERM');
    expect(await all.exited).toBe(0);
    expect(all.output()).toContain('"stopped"');
  });
});
