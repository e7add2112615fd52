import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../deploy/local/test-totals.mjs');

/** Runs test-totals.mjs on vitest JSON reports; its last line and exit code. */
function totals(...reports: object[]): { line: string; code: number } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-totals-'));
  const files = reports.map((report, i) => {
    const file = join(dir, `report-${i}.json`);
    writeFileSync(file, JSON.stringify(report));
    return file;
  });
  try {
    return { line: execFileSync(process.execPath, [SCRIPT, '0', ...files], { encoding: 'utf8' }).trim(), code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; status: number };
    return { line: failure.stdout.trim(), code: failure.status };
  }
}

const passing = { numPassedTests: 3, numFailedTests: 0, testResults: [{ status: 'passed', assertionResults: [{ status: 'passed' }] }] };

describe('the CI test totals', () => {
  it('passes when every file passed', () => {
    expect(totals(passing)).toEqual({ line: '3 passed, 0 failed', code: 0 });
  });

  it('counts a file whose beforeAll failed (its tests skipped, none failed) as a failure', () => {
    const brokenSetUp = { numPassedTests: 0, numFailedTests: 0, testResults: [{ status: 'failed', assertionResults: [{ status: 'skipped' }, { status: 'skipped' }] }] };
    expect(totals(passing, brokenSetUp)).toEqual({ line: '3 passed, 1 failed', code: 1 });
  });

  it('counts a file that failed to load, and failed tests once each', () => {
    const unloadable = { numPassedTests: 0, numFailedTests: 0, testResults: [{ status: 'failed', assertionResults: [] }] };
    const failing = { numPassedTests: 1, numFailedTests: 2, testResults: [{ status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'failed' }] }] };
    expect(totals(unloadable, failing)).toEqual({ line: '1 passed, 3 failed', code: 1 });
  });
});
