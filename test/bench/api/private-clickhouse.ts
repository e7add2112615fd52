// The ClickHouse server for the benchmark: VIGIL_TEST_CLICKHOUSE_URL when set, otherwise a
// private one started with deploy/local/stack.sh in a temporary stack directory (and stopped after).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerClickHouse {
  readonly url: string;
  stop(): void;
}

export function serverClickHouse(): ServerClickHouse {
  const given = process.env.VIGIL_TEST_CLICKHOUSE_URL;
  if (given !== undefined && given !== '') return { url: given, stop: () => undefined };
  const stackDir = mkdtempSync(join(tmpdir(), 'vigil-apibench-stack-'));
  const env = { ...process.env, VIGIL_STACK_DIR: stackDir };
  execFileSync('bash', ['deploy/local/stack.sh', 'up', 'clickhouse'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const match = /VIGIL_TEST_CLICKHOUSE_URL=(\S+)/.exec(readFileSync(join(stackDir, 'env'), 'utf8'));
  const stop = (): void => {
    execFileSync('bash', ['deploy/local/stack.sh', 'down'], { env, stdio: 'ignore' });
    rmSync(stackDir, { recursive: true, force: true });
  };
  if (match?.[1] === undefined) {
    stop();
    throw new Error('deploy/local/stack.sh wrote no VIGIL_TEST_CLICKHOUSE_URL');
  }
  return { url: match[1].replace(/^["']|["']$/g, ''), stop };
}

/** Drops a database of the server (plain HTTP: the bench's store lives in its child process). */
export async function dropServerDatabase(url: string, database: string): Promise<void> {
  const user = process.env.VIGIL_TEST_CLICKHOUSE_USER ?? 'default';
  const password = process.env.VIGIL_TEST_CLICKHOUSE_PASSWORD ?? '';
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    body: `DROP DATABASE IF EXISTS \`${database}\``,
  });
  if (!response.ok) throw new Error(`DROP DATABASE ${database}: HTTP ${response.status} ${await response.text()}`);
}
