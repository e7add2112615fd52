// Fuzzes every operation of /openapi.json with schemathesis (from the project venv) against the
// API on a small generated fleet (embedded store): no request may get a 5xx, and every answer
// must match the response schema the API documents.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureApi, type FixtureApi } from '../../../services/api/fixtures/fixture-api-process.js';

// status_code_conformance is left out: fastify answers 414 (not in the documented statuses) to
// path parameters longer than its maxParamLength, before any route runs.
const CHECKS = 'not_a_server_error,response_schema_conformance';

function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, output });
    });
  });
}

describe('the API contract', () => {
  const chdbPath = mkdtempSync(join(tmpdir(), 'vigil-contract-chdb-'));
  let api: FixtureApi;

  beforeAll(async () => {
    api = await startFixtureApi({
      env: { VIGIL_CLICKHOUSE_MODE: 'embedded', VIGIL_CLICKHOUSE_PATH: chdbPath, VIGIL_CLICKHOUSE_DATABASE: 'contract', VIGIL_API_RATE_LIMIT_PER_MINUTE: '1000000' },
      models: 12,
      features: 4,
      days: 1,
    });
  }, 300_000);

  afterAll(async () => {
    await api.stop();
    rmSync(chdbPath, { recursive: true, force: true });
  });

  it('answers generated requests to every operation without a server error and as its schema documents', async () => {
    const python = execFileSync('bash', ['deploy/local/python-env.sh'], { encoding: 'utf8' }).trim();
    const schemathesis = join(dirname(python), 'schemathesis');
    const { code, output } = await run(schemathesis, [
      'run',
      `${api.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${api.key}`,
      '--checks',
      CHECKS,
      '--phases',
      'coverage,fuzzing',
      '--max-examples',
      '3',
      '--workers',
      '2',
      '--seed',
      '20261123',
      '--no-color',
    ]);
    expect(code, output.slice(-8000)).toBe(0);
    expect(output).toMatch(/Tested: \d+/);
  }, 600_000);
});
