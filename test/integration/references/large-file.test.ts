import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBigCsv } from './big-csv.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-big-training-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const FILE_BYTES = 96 * 1024 * 1024;
/** V8 old-space limit of the CLI process: half the file, so reading the file into memory would abort the process. */
const HEAP_LIMIT_MB = 48;

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', 'services/references/cli/build-reference.ts', ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
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

describe('building a reference from a training set larger than the memory budget', () => {
  it(`streams a ${FILE_BYTES / 1024 / 1024} MiB CSV through a CLI limited to a ${HEAP_LIMIT_MB} MiB heap`, async () => {
    const input = join(dir, 'big.csv');
    const rows = await writeBigCsv(input, FILE_BYTES, 500);
    const output = join(dir, 'profile.json');

    const result = await run(['--input', input, '--model', 'credit', '--prediction-column', 'pred', '--label-column', 'y', '--score-column', 'p', '--positive-label', '1', '--ignore', 'id,note', '--output', output]);

    expect(result.stderr).not.toMatch(/heap out of memory/i);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { records: number; used: number; bad: number; features: number; peakHeapUsedBytes: number; peakRssBytes: number; elapsedMs: number };
    expect(summary).toMatchObject({ records: rows, used: rows, bad: 0, features: 3 });
    expect(statSync(output).size).toBeGreaterThan(0);
    // Reported, not asserted: the numbers depend on the machine and V8's collector.
    console.log(JSON.stringify({ metric: 'reference_build_large_csv', fileBytes: statSync(input).size, rows, heapLimitMb: HEAP_LIMIT_MB, ...summary }));
  }, 600_000); // a generous limit, not a timing assertion: the machine is shared with the whole suite
});
