// Prints the totals of vitest JSON reports alone on the last line: "N passed, N failed".
// Usage: test-totals.mjs FAILED_OTHER_STEPS REPORT...
// A missing report (its tier never ran), a test file that failed outside its tests, and each failed
// step that is not a vitest tier (typecheck, lint, fixtures, stack) count as one failure,
// so CI never sees "0 failed" when something did not run.
import { existsSync, readFileSync } from 'node:fs';

const [, , otherFailures = '0', ...reports] = process.argv;
let passed = 0;
let failed = Number(otherFailures);
for (const file of reports) {
  if (!existsSync(file)) {
    console.log(`missing test report: ${file}`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // Files that failed outside their tests (an import error, a failing beforeAll whose tests are
  // then skipped) have no failed test to count.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed += brokenFiles;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
