import { describe, expect, it } from 'vitest';
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
    expect(result).toMatchObject({ kind: 'compare', paths: 300, seed: 5, years: [2025, 2026, 2027, 2028, 2029, 2030] });
    expect(result.comparisons[0].series.turnover.probabilityHigher).toHaveLength(6);
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
