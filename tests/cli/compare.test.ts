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
    expect(result).toMatchObject({ kind: 'compare', paths: 300, seed: 5, years: Array.from({ length: 2030 - shipped('baseline').scenario.origin }, (_, i) => shipped('baseline').scenario.origin + 1 + i) });
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
});
