// A stack of its own for the disruptive tests (ClickHouse outage, broker restart): stopping
// the shared stack's services would break every other test file running in parallel.
// deploy/local/stack.sh picks free ports and keeps each stack under its own folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const STACK_SCRIPT = resolve(import.meta.dirname, '../../../../deploy/local/stack.sh');

export interface PrivateStackEnv {
  readonly VIGIL_KAFKA_BROKERS: string;
  readonly VIGIL_TEST_CLICKHOUSE_URL: string;
}

export type StackService = 'kafka' | 'registry' | 'clickhouse';

export class PrivateStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'vigil-private-stack-'));

  async up(): Promise<PrivateStackEnv> {
    await this.stack('up', 'kafka', 'clickhouse');
    return { VIGIL_KAFKA_BROKERS: this.variable('VIGIL_KAFKA_BROKERS'), VIGIL_TEST_CLICKHOUSE_URL: this.variable('VIGIL_TEST_CLICKHOUSE_URL') };
  }

  /** Starts only the given services (the benchmark needs no ClickHouse server). */
  async upOnly(...services: StackService[]): Promise<void> {
    await this.stack('up', ...services);
  }

  /** One address stack.sh wrote for this stack (ports stay the same across restarts). */
  variable(name: 'VIGIL_KAFKA_BROKERS' | 'VIGIL_TEST_CLICKHOUSE_URL' | 'VIGIL_SCHEMA_REGISTRY_URL'): string {
    const text = readFileSync(join(this.dir, 'env'), 'utf8');
    const match = new RegExp(`^export ${name}=(.*)$`, 'm').exec(text);
    if (match?.[1] === undefined) throw new Error(`${name} missing from ${this.dir}/env:\n${text}`);
    return match[1].trim();
  }

  stopClickHouse(): Promise<void> {
    return this.stack('stop', 'clickhouse');
  }

  startClickHouse(): Promise<void> {
    return this.stack('start', 'clickhouse');
  }

  restartKafka(): Promise<void> {
    return this.stack('restart-kafka');
  }

  async down(): Promise<void> {
    await this.stack('down');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async stack(...args: string[]): Promise<void> {
    await run('bash', [STACK_SCRIPT, ...args], { env: { ...process.env, VIGIL_STACK_DIR: this.dir }, timeout: 240_000 });
  }
}
