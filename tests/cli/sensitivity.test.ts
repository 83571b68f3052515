import { describe, expect, it } from 'vitest';
import { preparedRun, shipped } from '../helpers.js';
import { tradecast } from './cliHarness.js';

/** Sobol factors of the baseline: its uncertain parameters and the shocks. */
const FACTORS = preparedRun(shipped('baseline'), { paths: 1 }).plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length + 1;

describe('tradecast sensitivity', () => {
  it('prints a tornado ranked by the total index, with the sizes it used', async () => {
    const { code, stdout } = await tradecast(['sensitivity', 'baseline', '--samples', '64', '--resamples', '20', '--top', '5']);
    expect(code).toBe(0);
    expect(stdout).toContain('Sensitivity of turnover in 2030 (USD bn)');
    expect(stdout).toContain(`N = 64 base samples × (k + 2) = ${(64 * (FACTORS + 2)).toLocaleString('en-US')} evaluations`);
    expect(stdout).toMatch(/^ {2}1 +shocks +\d\.\d{3} \[/m);
    expect(stdout).toContain(`… ${FACTORS - 5} more factors`);
  });

  it('gives Morris measures for a target as JSON', async () => {
    const { code, stdout } = await tradecast([
      'sensitivity',
      'baseline',
      '--method',
      'morris',
      '--target',
      'cars-china-60pct-2030',
      '--samples',
      '4',
      '--inner-paths',
      '4',
      '--resamples',
      '10',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ kind: 'sensitivity', method: 'morris', samples: 4, innerPaths: 4, output: { spec: 'target:cars-china-60pct-2030', unit: 'probability' } });
    expect(result.factors[0].muStar.estimate).toBeGreaterThanOrEqual(result.factors.at(-1).muStar.estimate);
  });

  it('exits 2 naming the field for an unknown output', async () => {
    const unknown = await tradecast(['sensitivity', 'baseline', '--output', 'gdp@2030']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/output: unknown series "gdp"/);
  });

  it('refuses a bootstrap too long for this machine, saying how many samples fit', async () => {
    // 400,000 samples × 10,000 resamples × (k + 1) steps ≈ 300 million path-years of bootstrap alone
    const { code, stderr } = await tradecast(['sensitivity', 'baseline', '--samples', '400000', '--resamples', '10000', '--no-progress']);
    expect(code).toBe(2);
    const k = preparedRun(shipped('baseline'), { paths: 1 }).plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length + 1;
    const years = 2030 - shipped('baseline').scenario.origin;
    const simulated = 400_000 * (k + 2) * years;
    const bootstrap = (400_000 * 10_000 * (k + 1)) / 512;
    const fits = Math.floor(300_000_000 / ((k + 2) * years + (10_000 * (k + 1)) / 512));
    expect(stderr).toContain(
      `tradecast sensitivity: samples × evaluations per sample (k + 2) × inner paths × projected years = 400000 × ${k + 2} × 1 × ${years} = ${simulated}, plus the bootstrap: samples × resamples × (k + 1) ÷ 512 = 400000 × 10000 × ${k + 1} ÷ 512 = ${bootstrap}; ${simulated + bootstrap} in all is over the command line's limit of 300000000 per request; ask for at most ${fits} samples `,
    );
  });
});
