import { describe, expect, it } from 'vitest';
import { shipped } from '../helpers.js';
import { tradecast } from './cliHarness.js';

describe('tradecast backtest', () => {
  it('prints the scores ex ante and ex post for origins before and from 2022 next to the benchmarks, and the set-up at each origin', async () => {
    const { code, stdout } = await tradecast(['backtest', 'baseline', '--samples', '300']);
    expect(code).toBe(0);
    const last = Math.max(
      ...shipped('baseline')
        .history.years.filter((y) => y.turnover !== null)
        .map((y) => y.year),
    );
    expect(stdout).toContain(`origins 2010, 2011, 2013, 2014, ${Array.from({ length: last - 2016 }, (_, i) => 2016 + i).join(', ')} · horizons 1–5 years`);
    for (const title of ['Log turnover', 'Log exports to China', 'Log imports from China', 'Chinese brands’ share of new-car sales']) expect(stdout).toContain(title);
    expect(stdout).toMatch(/^ {2}before 2022 \(\d+\) +ex ante +model +\d+ +0\.\d{4} ± 0\.\d{4}/m);
    expect(stdout).toMatch(/^ +ex post +model /m);
    expect(stdout).toMatch(/^ +ex ante +random walk \+ drift /m);
    expect(stdout).toContain("share of the model's error due to its inputs");
    expect(stdout).toContain('CRPS by horizon');
    expect(stdout).toMatch(/^ {2}2021 +cars +carried +69\.0 +thaw/m);
    expect(stdout).toMatch(/log turnover, origin 2015: the level of 2015 is flagged suspect/);
  });

  it('takes --origins and --horizons ranges and gives JSON', async () => {
    const { code, stdout } = await tradecast(['backtest', 'baseline', '--origins', '2018..2020', '--horizons', '1..2', '--samples', '200', '--format', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.origins).toEqual([2018, 2019, 2020]);
    expect(result.horizons).toEqual([1, 2]);
    expect(new Set(result.forecasts.map((f: { horizon: number }) => f.horizon))).toEqual(new Set([1, 2]));
  });

  it('exits 2 on a malformed range', async () => {
    const { code, stderr } = await tradecast(['backtest', 'baseline', '--origins', '2023..2015']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--origins: expected FROM\.\.TO/);
  });
});
