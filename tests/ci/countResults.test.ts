import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/scenario/projectPaths.js';

const COUNT_RESULTS = join(projectRoot(), '.ci', 'countResults.mjs');

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
interface FileResult {
  readonly name: string;
  readonly status: 'passed' | 'failed';
  readonly message?: string;
  readonly tests: readonly Status[];
}

const folders: string[] = [];

/** A project folder holding the given reports and e2e test files, as .ci/run leaves it. */
function project(reports: { unit?: readonly FileResult[]; e2e?: readonly FileResult[] }, e2eFiles = ['page.e2e.test.ts']): string {
  const folder = mkdtempSync(join(tmpdir(), 'tradecast-count-results-'));
  folders.push(folder);
  mkdirSync(join(folder, 'tests', 'e2e'), { recursive: true });
  for (const name of e2eFiles) writeFileSync(join(folder, 'tests', 'e2e', name), '');
  const write = (file: string, results: readonly FileResult[]) =>
    writeFileSync(
      join(folder, file),
      JSON.stringify({
        testResults: results.map((r) => ({
          name: join(folder, r.name),
          status: r.status,
          message: r.message ?? '',
          assertionResults: r.tests.map((status, i) => ({ title: `test ${i}`, status, failureMessages: [] })),
        })),
      }),
    );
  if (reports.unit) write('.vitest-results.json', reports.unit);
  if (reports.e2e) write('.vitest-e2e-results.json', reports.e2e);
  return folder;
}

/** Runs the counter as .ci/run does: exit codes of npm test and of the e2e run, and the benchmark's outcome. */
function countIn(cwd: string, testExit = '0', bench = 'passed', e2eExit = '0') {
  const run = spawnSync(process.execPath, [COUNT_RESULTS, testExit, bench, e2eExit], { cwd, encoding: 'utf8' });
  return { lastLine: run.stdout.trim().split('\n').at(-1), output: run.stdout, exitCode: run.status };
}

const unitPassing: FileResult[] = [{ name: 'tests/core/a.test.ts', status: 'passed', tests: ['passed', 'passed'] }];
const e2ePassing: FileResult[] = [{ name: 'tests/e2e/page.e2e.test.ts', status: 'passed', tests: ['passed', 'passed', 'passed'] }];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('.ci/countResults.mjs', () => {
  it('counts every passing test and the smoke benchmark, and exits 0', () => {
    const { lastLine, exitCode } = countIn(project({ unit: unitPassing, e2e: e2ePassing }));
    expect(lastLine).toBe('6 passed, 0 failed');
    expect(exitCode).toBe(0);
  });

  it("counts the tests vitest skipped because a file's beforeAll threw as failed", () => {
    const e2e: FileResult[] = [{ name: 'tests/e2e/page.e2e.test.ts', status: 'failed', message: 'no browser at /usr/bin/chromium', tests: ['skipped', 'skipped', 'skipped'] }];
    const { lastLine, output, exitCode } = countIn(project({ unit: unitPassing, e2e }), '0', 'passed', '1');
    expect(lastLine).toBe('3 passed, 3 failed');
    expect(output).toContain('tests/e2e/page.e2e.test.ts: 3 test(s) did not run (no browser at /usr/bin/chromium)');
    expect(exitCode).toBe(1);
  });

  it('counts pending and todo tests as failed wherever they are', () => {
    const unit: FileResult[] = [{ name: 'tests/core/a.test.ts', status: 'passed', tests: ['passed', 'todo', 'pending'] }];
    expect(countIn(project({ unit, e2e: e2ePassing })).lastLine).toBe('5 passed, 2 failed');
  });

  it('counts a failing test once, and a file that failed outside its tests (a hook, its import) once', () => {
    const unit: FileResult[] = [
      { name: 'tests/core/a.test.ts', status: 'failed', tests: ['passed', 'failed'] },
      { name: 'tests/core/b.test.ts', status: 'failed', message: 'afterAll: server did not stop', tests: ['passed'] },
      { name: 'tests/core/c.test.ts', status: 'failed', message: 'SyntaxError', tests: [] },
    ];
    const { lastLine, output } = countIn(project({ unit, e2e: e2ePassing }), '1');
    expect(lastLine).toBe('6 passed, 3 failed');
    expect(output).toContain('tests/core/b.test.ts failed outside its tests: afterAll: server did not stop');
  });

  it('fails when the e2e report is missing, when a browser test file is not in it, or when the benchmark did not run', () => {
    expect(countIn(project({ unit: unitPassing }), '0', 'passed', '1').lastLine).toBe('3 passed, 1 failed');
    expect(countIn(project({ unit: unitPassing, e2e: e2ePassing }, ['page.e2e.test.ts', 'engines.e2e.test.ts'])).lastLine).toBe('6 passed, 1 failed');
    expect(countIn(project({ unit: unitPassing, e2e: e2ePassing }), '0', 'skipped').lastLine).toBe('5 passed, 1 failed');
  });

  it('fails when a command exited non-zero with nothing failing in its report', () => {
    const { lastLine, output } = countIn(project({ unit: unitPassing, e2e: e2ePassing }), '0', 'passed', '1');
    expect(lastLine).toBe('6 passed, 1 failed');
    expect(output).toContain('npm run test:e2e exited 1 with no failing test in its report');
  });
});
