// Prints CI's closing line, "N passed, N failed", from vitest's JSON reports, the smoke benchmark
// and how each command exited, and exits 1 when anything failed. What should have run and did not
// counts as failed: a test skipped, pending or todo (vitest skips every test of a file whose
// beforeAll threw), a file or hook that failed with no failing test to show for it, a command that
// failed with nothing counted, a report that is missing, a browser test file that ran no test.
// Usage (from the project's root): node .ci/countResults.mjs <npm test exit> <bench: passed|failed|skipped> <e2e exit>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [testExit = '1', bench = 'skipped', e2eExit = '1'] = process.argv.slice(2);
const E2E_DIR = join('tests', 'e2e');

let passed = 0;
let failed = 0;
const reasons = [];
const fail = (count, reason) => {
  failed += count;
  reasons.push(`  ${count} failed: ${reason}`);
};

const NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled']);
const firstLine = (text) => String(text ?? '').split('\n')[0].slice(0, 200);

/** Counts one vitest JSON report; returns it, or null when it is missing. */
function count(file, command, exitCode) {
  if (!existsSync(file)) {
    fail(1, `${command} left no report (${file})`);
    return null;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failedBefore = failed;
  for (const result of report.testResults) {
    const name = relative(process.cwd(), result.name);
    const statuses = result.assertionResults.map((test) => test.status);
    const failing = statuses.filter((status) => status === 'failed').length;
    const notRun = statuses.filter((status) => NOT_RUN.has(status)).length;
    passed += statuses.filter((status) => status === 'passed').length;
    if (failing > 0) fail(failing, `${name}: ${failing} test(s) failed`);
    if (notRun > 0) fail(notRun, `${name}: ${notRun} test(s) did not run${result.message ? ` (${firstLine(result.message)})` : ''}`);
    if (result.status === 'failed' && failing === 0 && notRun === 0) fail(1, `${name} failed outside its tests: ${firstLine(result.message) || 'no message'}`);
  }
  if (exitCode !== '0' && failed === failedBefore) fail(1, `${command} exited ${exitCode} with no failing test in its report`);
  return report;
}

count('.vitest-results.json', 'npm test', testExit);

// the browser tests must run, every file of them: a missing browser is a failure, not a skip
const e2e = count('.vitest-e2e-results.json', 'npm run test:e2e', e2eExit);
const e2eFiles = existsSync(E2E_DIR) ? readdirSync(E2E_DIR).filter((name) => name.endsWith('.e2e.test.ts')) : [];
for (const name of e2eFiles) {
  const result = e2e?.testResults.find((r) => relative(process.cwd(), r.name) === join(E2E_DIR, name));
  if (e2e && !result) fail(1, `${join(E2E_DIR, name)} is not in the e2e report`);
  else if (result && result.assertionResults.length === 0 && result.status !== 'failed') fail(1, `${join(E2E_DIR, name)} ran no test`);
}

// the smoke benchmark counts as one check
if (bench === 'passed') passed += 1;
else fail(1, `the smoke benchmark ${bench === 'failed' ? 'failed' : 'did not run'}`);

if (reasons.length > 0) console.log(`what failed or did not run:\n${reasons.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
