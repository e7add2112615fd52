import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeProfile } from '../../../services/core/profile/index.js';
import { buildReferenceProfile, parseReferenceProfileFile, readTrainingFile, ReferenceRepository } from '../../../services/references/index.js';
import { StoreFixture, testServerUrl } from '../store/store-engines.js';
import { migratedStore } from './reference-fixtures.js';

// The CLI runs in its own process; chDB binds one data directory per process and this test file
// holds it, so the --store path is exercised against the ClickHouse server only.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = new StoreFixture();
const dir = mkdtempSync(join(tmpdir(), 'vigil-reference-cli-'));
afterAll(async () => {
  await fixture.cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/references/cli/build-reference.ts', ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const TRAINING = ['income,region,gender,pred,p,y', '1200,north,f,1,0.8,1', '830,south,m,0,0.3,1', 'broken', '990,east,f,0,0.1,0', ''].join('\n');
const COLUMNS = ['--prediction-column', 'pred', '--label-column', 'y', '--score-column', 'p', '--positive-label', '1', '--protected', 'gender'];

describe('the reference:build CLI', () => {
  it('writes an upload file the API accepts, reporting the bad row it skipped', async () => {
    const input = join(dir, 'train.csv');
    writeFileSync(input, TRAINING);
    const output = join(dir, 'profile.json');

    const result = await run(['--input', input, '--model', 'credit', ...COLUMNS, '--description', 'training 2024-05', '--output', output]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ records: 4, used: 3, bad: 1, badExamples: [{ where: 'line 4', reason: 'expected 6 fields, found 1' }], output });
    const parsed = parseReferenceProfileFile(JSON.parse(readFileSync(output, 'utf8')));
    expect(parsed).toMatchObject({ modelId: 'credit', description: 'training 2024-05' });
    expect(parsed.profile.predictions).toBe(3);
  });

  it('stores and assigns the profile through the configured ClickHouse and audits both changes as the CLI user', async () => {
    const store = await migratedStore(fixture, 'http', 'refcli');
    const input = join(dir, 'train-store.csv');
    writeFileSync(input, TRAINING);
    const env = { VIGIL_CLICKHOUSE_MODE: 'http', VIGIL_CLICKHOUSE_URL: testServerUrl(), VIGIL_CLICKHOUSE_DATABASE: store.database };

    const result = await run(['--input', input, '--model', 'credit', ...COLUMNS, '--store'], env);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { stored: { referenceId: string; assigned: boolean } };
    const repository = new ReferenceRepository(store);
    const actor = `cli:${userInfo().username}`;
    expect(await repository.list('credit')).toEqual([expect.objectContaining({ referenceId: summary.stored.referenceId, source: 'uploaded', predictions: 3, createdBy: actor, description: 'training set train-store.csv' })]);
    expect((await repository.currentAssignment('credit'))?.referenceId).toBe(summary.stored.referenceId);
    const audit = await store.queryRows<{ action: string; actor: string; entity_id: string }>("SELECT action, actor, entity_id FROM audit_log WHERE model_id = 'credit' ORDER BY action");
    expect(audit).toEqual([
      { action: 'reference.assign', actor, entity_id: 'credit' },
      { action: 'reference.create', actor, entity_id: summary.stored.referenceId },
    ]);
    const stored = await repository.read('credit', summary.stored.referenceId);
    const { profile: inProcess } = await buildReferenceProfile(readTrainingFile(input), {
      modelId: 'credit',
      positiveLabel: '1',
      protectedAttributes: ['gender'],
      columns: { prediction: 'pred', label: 'y', score: 'p' },
    });
    expect(stored === null ? null : Buffer.from(serializeProfile(stored.profile)).equals(Buffer.from(serializeProfile(inProcess)))).toBe(true);
  });

  it('fails with INPUT_FILE_INVALID and exit code 1 for a file it cannot read', async () => {
    const result = await run(['--input', join(dir, 'missing.jsonl'), '--model', 'credit', '--output', join(dir, 'never.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INPUT_FILE_INVALID: /);
  });
});
