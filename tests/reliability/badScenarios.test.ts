import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/preparedRun.js';
import { resolveScenarioFile } from '../../src/scenario/loadScenario.js';
import { root, tradecast } from '../cli/cliHarness.js';

const corpus = join(root, 'tests', 'fixtures', 'bad-scenarios');

/** Each broken file, the field the message must name, and the line that holds the fault. */
const EXPECTED: Readonly<Record<string, { field: string; line: number; file?: string }>> = {
  'absurd-horizon.yaml': { field: 'horizon', line: 3 },
  'absurd-knob-range.yaml': { field: 'knobs.oilLongRun.value', line: 5 },
  'absurd-paths.yaml': { field: 'run.paths', line: 4 },
  'billion-laughs.yaml': { field: '(scenario)', line: 1 },
  'circular-extends-a.yaml': { field: 'extends', line: 2, file: 'circular-extends-b.yaml' },
  'circular-extends-b.yaml': { field: 'extends', line: 2, file: 'circular-extends-a.yaml' },
  'correlation-not-positive-definite.yaml': { field: 'correlation.matrix', line: 5 },
  'correlation-not-symmetric.yaml': { field: 'correlation.matrix[0][1]', line: 6 },
  'data-outside-folder.yaml': { field: 'data.turnover', line: 4 },
  'distribution-missing-parameter.yaml': { field: 'rouble.drift.sd', line: 4 },
  'duplicate-key.yaml': { field: '(scenario)', line: 4 },
  'empty-file.yaml': { field: '(scenario)', line: 1 },
  'extends-missing-file.yaml': { field: 'extends', line: 2 },
  'extends-outside-folder.yaml': { field: 'extends', line: 2 },
  'infinity.yaml': { field: 'exports.crudeVolume.value', line: 5 },
  'initial-unknown-regime.yaml': { field: 'regimes.initial', line: 4 },
  'json-trailing-comma.json': { field: '(scenario)', line: 4 },
  'malicious-evaluate.yaml': { field: 'regimes.states.thaw.westernCap', line: 6 },
  'malicious-function-definition.yaml': { field: 'oil.longRunPrice.value', line: 6 },
  'malicious-import.yaml': { field: 'sectors.cars.sanctionsWedge.west', line: 8 },
  'missing-field.yaml': { field: 'description', line: 3 },
  'missing-source.yaml': { field: 'oil.meanReversion.source', line: 4 },
  'not-a-mapping.yaml': { field: '(scenario)', line: 1 },
  'not-a-number.yaml': { field: 'oil.start.value', line: 5 },
  'origin-without-split.yaml': { field: 'origin', line: 3 },
  'shares-do-not-sum.yaml': { field: 'sectors.cars.baseShares', line: 5 },
  'shares-outside-unit-interval.yaml': { field: 'sectors.cars.originShares.china', line: 6 },
  'syntax-bad-indentation.yaml': { field: '(scenario)', line: 6 },
  'syntax-tab-indentation.yaml': { field: '(scenario)', line: 4 },
  'syntax-unclosed-bracket.yaml': { field: '(scenario)', line: 4 },
  'target-bad-expression.yaml': { field: 'targets[0].expression', line: 7 },
  'transition-does-not-sum.yaml': { field: 'regimes.states.thaw.transition', line: 6 },
  'transition-negative.yaml': { field: 'regimes.states.thaw.transition.statusQuo', line: 8 },
  'transition-unknown-regime.yaml': { field: 'regimes.states.thaw.transition.warming', line: 8 },
  'unbounded-speed.yaml': { field: 'sectors.cars.adjustmentSpeed', line: 5 },
  'unknown-distribution.yaml': { field: 'oil.volatility.dist', line: 5 },
  'unknown-expression-name.yaml': { field: 'regimes.states.statusQuo.paymentFriction', line: 6 },
  'unknown-field-nested.yaml': { field: 'oil.volatilty', line: 4 },
  'unknown-field-top.yaml': { field: 'sceanrio', line: 3 },
  'wedge-below-minus-one.yaml': { field: 'sectors.machinery.sanctionsWedge.domestic', line: 6 },
  'wrong-type-horizon.yaml': { field: 'horizon', line: 3 },
  'wrong-type-knob.yaml': { field: 'knobs.oilLongRun.value', line: 5 },
};

/** A scenario file of 50 MB (a long comment, then a valid body): refused by size, not read. */
const scratch = mkdtempSync(join(tmpdir(), 'tradecast-huge-'));
const huge = join(scratch, 'fifty-megabytes.yaml');
writeFileSync(huge, `# ${'x'.repeat(50 * 1024 * 1024)}\nextends: baseline\n`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Time the loader may spend refusing one broken file (Node's own start-up is not counted). */
const PER_FILE_MS = 1_000;

/** Loads and compiles a file in-process, timing it; returns how long the refusal took. */
function timedRefusal(file: string): number {
  const started = performance.now();
  const loaded = resolveScenarioFile(file);
  const refused = !loaded.ok || !prepareRun(loaded.resolved, { paths: 100 }).ok;
  const elapsed = performance.now() - started;
  expect(refused).toBe(true);
  return elapsed;
}

describe('the bad-scenario corpus (tests/fixtures/bad-scenarios)', () => {
  it('holds at least 25 broken files, each with an expectation', () => {
    const files = readdirSync(corpus).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s: exit 2, one line naming file, line and field, within a second, nothing written', async (name, expected) => {
    expect(timedRefusal(join(corpus, name))).toBeLessThan(PER_FILE_MS);
    const out = mkdtempSync(join(tmpdir(), 'tradecast-bad-out-'));
    const { code, stdout, stderr } = await tradecast(['run', join(corpus, name), '--out', out, '--paths', '100']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toContain(`${expected.file ?? name}:${expected.line}: ${expected.field}: `);
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });

  it('refuses a 50 MB file by its size, quickly, naming the file', async () => {
    expect(timedRefusal(huge)).toBeLessThan(PER_FILE_MS);
    const { code, stderr } = await tradecast(['validate', huge]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/fifty-megabytes\.yaml:1: \(scenario\): .*524288\d\d bytes; the limit is 1048576/);
  });
});
