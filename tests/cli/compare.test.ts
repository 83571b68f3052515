import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shipped } from '../helpers.js';
import { tradecast } from './cliHarness.js';

describe('tradecast compare', () => {
  it('prints the paired differences as a table, with each scenario named', async () => {
    const { code, stdout, stderr } = await tradecast(['compare', 'baseline', 'escalation', '--vary', 'oilLongRun=60', '--paths', '400']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Paired comparison · 400 paths');
    expect(stdout).toContain('B2 = baseline (oilLongRun=60)');
    expect(stdout).toContain('═══ escalation − baseline ═══');
    expect(stdout).toMatch(/^ {2}2030 +\d+\.\d +\d+\.\d +[−+]\d+\.\d/m);
    expect(stdout).toContain('Targets (probability across paths');
  });

  it('prints one JSON document with --format json', async () => {
    const { code, stdout } = await tradecast(['compare', 'baseline', 'thaw', '--paths', '300', '--seed', '5', '--format', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      kind: 'compare',
      paths: 300,
      seed: 5,
      years: Array.from({ length: 2030 - shipped('baseline').scenario.origin }, (_, i) => shipped('baseline').scenario.origin + 1 + i),
    });
    expect(result.comparisons[0].series.turnover.probabilityHigher).toHaveLength(2030 - shipped('baseline').scenario.origin);
  });

  it('exits 2 with one scenario and nothing to vary, or an unknown series', async () => {
    const lonely = await tradecast(['compare', 'baseline', '--paths', '10']);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/two or more scenarios/);
    const unknown = await tradecast(['compare', 'baseline', 'thaw', '--paths', '10', '--series', 'gdp']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--series: unknown gdp/);
  });

  it('keeps the Targets section when a child adds a target, and says which targets it left out and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-compare-'));
    writeFileSync(
      join(dir, 'more.yaml'),
      'extends: baseline\nname: More\ntargets:\n  - id: turnover-350bn-2030\n    label: Turnover ≥ US$350bn in 2030\n    year: 2030\n    expression: turnover >= 350\n',
    );
    writeFileSync(join(dir, 'none.yaml'), 'extends: baseline\nname: No targets\ntargets: null\n');
    const { code, stdout } = await tradecast(['compare', 'baseline', 'more.yaml', 'none.yaml', '--paths', '200', '--series', 'turnover'], dir);
    expect(code).toBe(0);
    const [withMore, withNone] = stdout.split('═══ none − baseline ═══');
    expect(withMore).toContain('Targets (probability across paths');
    expect(withMore).toMatch(/Turnover ≥ US\$300bn in 2030.*\n.*Turnover in 2030 above 2024's.*\n.*Chinese brands ≥ 60%/);
    expect(withMore).toContain('Not compared (a target is compared when both scenarios have it, with the same id and year):\n  turnover-350bn-2030: only in B');
    expect(withNone).toContain('Targets: none compared — a target is compared when both scenarios have it, with the same id and year:\n  turnover-300bn-2030: only in A');
  });

  it('--explain adds the attribution: a table of the inputs that differ, and an explain object in JSON', async () => {
    const table = await tradecast(['compare', 'baseline', '--vary', 'oilLongRun=55', '--explain', '--paths', '400']);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('═══ Why baseline (oilLongRun=55) − baseline: the median of turnover in 2030 ═══');
    expect(table.stdout).toMatch(/^ {2}knobs\.oilLongRun +\d+ → 55 +[−+]\d+\.\d\d USD bn/m);
    expect(table.stdout).toMatch(/^ {2}total +[−+]\d+\.\d\d USD bn +100%$/m);
    const json = await tradecast(['compare', 'baseline', 'oil-slump', '--explain', '--output', 'P(turnover>=300)@2030', '--paths', '200', '--format', 'json']);
    expect(json.code).toBe(0);
    const { explain } = JSON.parse(json.stdout);
    expect(explain).toMatchObject({ output: 'P(turnover>=300)@2030', unit: 'probability', statistic: 'probability', grouping: 'fields' });
    expect(explain.parts.map((part: { input: string }) => part.input).sort()).toEqual(['knobs.oilLongRun', 'oil.meanReversion', 'rouble.drift']);
  });

  it('exits 2 when --explain cannot split the comparison, naming the option', async () => {
    expect(await tradecast(['compare', 'baseline', 'thaw', 'escalation', '--explain', '--paths', '10'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--explain splits B − A of one pair'),
    });
    expect(await tradecast(['compare', 'baseline', 'thaw', '--output', 'turnover@2030', '--paths', '10'])).toMatchObject({ code: 2, stderr: expect.stringContaining('add --explain') });
    expect(await tradecast(['compare', 'baseline', 'thaw', '--explain', '--output', 'turnover in 2030', '--paths', '10'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--output: expected'),
    });
    expect(await tradecast(['compare', 'baseline', 'thaw', '--explain', '--output', 'nope', '--paths', '10'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('explain.output: "nope" is not a target of both'),
    });
  });
});
