import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineWithSectors, shipped } from '../helpers.js';
import { root, tradecast } from './cliHarness.js';

/** Calendar years from `from` to `to`, inclusive. */
const yearsFrom = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const origin = shipped('baseline').scenario.origin;

describe('tradecast run', () => {
  it('prints the JSON contract with the seed and paths it used, byte-identical on a rerun', async () => {
    const first = await tradecast(['run', 'baseline', '--paths', '800', '--seed', '11', '--format', 'json']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({ scenario: 'baseline', seed: 11, paths: 800, years: yearsFrom(origin + 1, 2030) });
    expect(Object.keys(result.series.turnover)).toEqual(['unit', 'mean', 'p5', 'p25', 'p50', 'p75', 'p95']);
    expect(typeof result.targets[0].probability).toBe('number');
    const second = await tradecast(['run', 'scenarios/baseline.yaml', '--paths', '800', '--seed', '11', '--format', 'json']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('samples antithetic pairs with --sampling antithetic, says so in the result, and refuses other words', async () => {
    const { code, stdout } = await tradecast(['run', 'escalation', '--paths', '600', '--seed', '2', '--sampling', 'antithetic', '--format', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.sampling).toBe('antithetic');
    const independent = JSON.parse((await tradecast(['run', 'escalation', '--paths', '600', '--seed', '2', '--format', 'json'])).stdout);
    expect('sampling' in independent).toBe(false);
    expect(result.series.turnover.p50).not.toEqual(independent.series.turnover.p50);
    const bad = await tradecast(['run', 'escalation', '--sampling', 'sobol']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sampling: expected one of independent, antithetic/);
  });

  it('uses the scenario’s default seed and records it', async () => {
    const { code, stdout } = await tradecast(['run', 'baseline', '--paths', '200', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).seed).toBe(2030);
  });

  it('prints a readable table by default, with units and the target probabilities', async () => {
    const { code, stdout } = await tradecast(['run', 'baseline', '--paths', '500']);
    expect(code).toBe(0);
    expect(stdout).toContain('Russia–China trade turnover (USD bn)');
    expect(stdout).toMatch(/Turnover ≥ US\$300bn in 2030.*\d+\.\d%\s+± \d+\.\d pp/);
    expect(stdout).toMatch(/^ {2}2030 +\d+\.\d/m);
  });

  it('gives a target few paths meet its 95% interval instead of ± a standard error of zero', async () => {
    const { code, stdout } = await tradecast(['run', 'localisation', '--paths', '2000', '--seed', '3', '--format', 'table']);
    expect(code).toBe(0);
    const line = stdout.split('\n').find((l) => l.includes('Chinese brands ≥ 60%'))!;
    expect(line).toMatch(/ 0\.0%  95% interval 0–0\.2\d% \(0 of 2,000 paths meet it\)$/);
    expect(line).not.toContain('±');
  });

  it('prints tidy CSV with --format csv', async () => {
    const { code, stdout } = await tradecast(['run', 'thaw', '--paths', '300', '--format', 'csv']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('series,unit,year,mean,p5,p25,p50,p75,p95');
    expect(lines.filter((l) => l.startsWith('turnover,USD bn,'))).toHaveLength(2030 - origin);
    expect(lines.some((l) => l.startsWith('target.turnover-300bn-2030,probability,2030,'))).toBe(true);
  });

  it('applies --set to knobs and fields, and --horizon', async () => {
    const base = JSON.parse((await tradecast(['run', 'baseline', '--paths', '400', '--format', 'json'])).stdout);
    const slump = JSON.parse((await tradecast(['run', 'baseline', '--paths', '400', '--format', 'json', '--set', 'oilLongRun=45', '--horizon', '2028'])).stdout);
    expect(slump.years).toEqual(yearsFrom(origin + 1, 2028));
    const last = slump.years.length - 1;
    expect(slump.series.oilPrice.p50[last]).toBeLessThan(base.series.oilPrice.p50[last]);
    expect(slump.inputHash).not.toBe(base.inputHash);
  });

  it('writes <id>.json and <id>.csv into --out, the JSON equal to stdout’s', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tradecast-out-'));
    const { code, stdout } = await tradecast(['run', 'escalation', '--paths', '300', '--format', 'json', '--out', out]);
    expect(code).toBe(0);
    expect(readFileSync(join(out, 'escalation.json'), 'utf8')).toBe(stdout);
    expect(readFileSync(join(out, 'escalation.csv'), 'utf8').split('\n')[0]).toContain('series,unit,year');
  });
});

describe("a scenario in a folder of one's own", () => {
  it("a copied baseline.yaml runs from any folder and gives the shipped baseline's bytes", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-copy-'));
    writeFileSync(join(folder, 'baseline.yaml'), readFileSync(join(root, 'scenarios', 'baseline.yaml')));
    const copied = await tradecast(['run', 'baseline.yaml', '--paths', '200', '--format', 'json'], folder);
    expect(copied.stderr).toBe('');
    const shippedRun = await tradecast(['run', 'baseline', '--paths', '200', '--format', 'json']);
    expect(copied.stdout).toBe(shippedRun.stdout);
    const validated = await tradecast(['validate', 'baseline.yaml'], folder);
    expect(validated.stdout).toContain(`data: ${join(root, 'scenarios', 'data', 'trade_turnover.csv')}`);
  });

  it('finds NAME.yaml in the working directory by its name, and says what it looked for otherwise', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-name-'));
    writeFileSync(join(folder, 'cheap-oil.yaml'), 'extends: baseline\nname: Cheap oil\nknobs:\n  oilLongRun: { value: 50 }\n');
    expect(await tradecast(['validate', 'cheap-oil'], folder)).toMatchObject({ code: 0, stdout: expect.stringContaining('"Cheap oil"') });
    const missing = await tradecast(['validate', 'dear-oil'], folder);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"dear-oil" is neither a shipped scenario (baseline, escalation, localisation, oil-slump, thaw) nor a file dear-oil.yaml here');
  });
});

describe('exit codes and messages', () => {
  it('exits 2 naming file, line and field for a broken scenario file, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-bad-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'extends: baseline\nname: Broken\noil:\n  meanReversion: { dist: uniform, min: 0.5, max: 0.1, source: test }\n');
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await tradecast(['run', file, '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(/^tradecast: .*broken\.yaml:4: oil\.meanReversion\.max: must be > min \(0\.5\) \(got 0\.1\)$/);
    expect(() => readFileSync(join(out, 'broken.json'))).toThrow();
  });

  it('validate says ok with a summary, or exits 2 with the problems', async () => {
    const ok = await tradecast(['validate', 'scenarios/localisation.yaml']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*5 sectors, 3 regimes/);
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-bad-'));
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ extends: 'baseline', knobs: { oilLongRun: { value: 500 } } }, null, 2));
    const bad = await tradecast(['validate', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/typo\.json:5: knobs\.oilLongRun\.value: value 500 is outside \[min, max\]/);
  });

  it('exits 2 for a missing file, a bad option value, an unknown option and an unknown command', async () => {
    expect(await tradecast(['run', 'scenarios/nope.yaml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.yaml') });
    expect(await tradecast(['run', 'baseline', '--paths', 'many'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--paths') });
    expect(await tradecast(['run', 'baseline', '--pths', '10'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--pths') });
    expect(await tradecast(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command') });
    expect(await tradecast(['run', 'baseline', '--set', 'novalue'])).toMatchObject({ code: 2, stderr: expect.stringContaining('key=value') });
    expect(await tradecast(['run', 'baseline', '--set', 'oilLongrun=50'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'tradecast: --set oilLongrun: oilLongrun: no knob or top-level field "oilLongrun"; did you mean "oilLongRun"?\n',
    });
  });

  it('prints help for the tool and for each command', async () => {
    const overview = await tradecast(['--help']);
    expect(overview.code).toBe(0);
    for (const name of ['run', 'validate', 'schema']) expect(overview.stdout).toContain(name);
    const help = await tradecast(['run', '--help']);
    expect(help.stdout).toContain('--paths N');
  });

  it('writes the JSON Schema that the shipped scenarios point at', async () => {
    const { code, stdout } = await tradecast(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(join(root, 'scenarios', 'scenario.schema.json'), 'utf8')));
  });

  it('refuses a run too large for this machine before anything is allocated, saying how many paths fit', async () => {
    // baseline and 995 more small sectors (1,000 in all, size 200): 100,000 paths would hold ≈ 15 GB (5 projected years)
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-large-'));
    const file = join(dir, 'wide.json');
    writeFileSync(file, JSON.stringify(baselineWithSectors(995)));
    const started = performance.now();
    const { code, stdout, stderr } = await tradecast(['run', file, '--paths', '100000', '--no-progress']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^tradecast run: paths = 100000 would hold ≈ 1\d\.\d GB of memory \([\d.]+ KB per path \+ [\d.]+ [KM]B\), over the command line's budget of 4\.0 GB per request; ask for at most \d+ paths with the same projected years and scenario size \(sectors ÷ 5\)\n/,
    );
    expect(performance.now() - started).toBeLessThan(15_000); // refused, not attempted: the run would take minutes
  });

  it('prints the first ten problems of a scenario with every number broken, and how many more; --all-errors prints them all', async () => {
    // baseline.yaml with every number that is a value replaced by YAML's NaN: 218 problems
    mkdirSync(join(root, 'tmp'), { recursive: true }); // git-ignored, so absent from a fresh clone
    const dir = mkdtempSync(join(root, 'tmp', 'tradecast-nan-'));
    const file = join(dir, 'nan.yaml');
    const text = readFileSync(join(root, 'scenarios', 'baseline.yaml'), 'utf8').replace(/(?<=[:,[]\s)-?\d+(\.\d+)?(?=\s*[,\]\n}])/g, '.nan');
    writeFileSync(file, text.replace('extends:', '# extends:'));
    const capped = await tradecast(['validate', file]);
    expect(capped.code).toBe(2);
    const lines = capped.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 10).every((line) => /^tradecast: tmp\/tradecast-nan-\w+\/nan\.yaml:\d+: \S+: /.test(line))).toBe(true);
    const more = Number(/^tradecast: … and (\d+) more \(--all-errors prints every one\)$/.exec(lines[10]!)?.[1]);
    expect(more).toBeGreaterThan(100);
    const all = await tradecast(['validate', file, '--all-errors']);
    expect(all.code).toBe(2);
    expect(all.stderr.trimEnd().split('\n')).toHaveLength(10 + more);
  });
});

describe('a reader that stops early', () => {
  it('ends the command quietly with its exit code when the pipe closes (tradecast schema | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const child = spawn(process.execPath, [join(root, 'bin', 'tradecast.js'), 'schema'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // the schema is larger than a pipe's buffer: read the first chunk, then close our end as `head` does
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
