import { describe, expect, it } from 'vitest';
import { shipped } from '../helpers.js';
import { tradecast } from './cliHarness.js';

/** (origin, horizon 1–5) pairs with an outcome by `last`, for origins in [from, to]. */
const pairs = (from: number, to: number, last: number) => Array.from({ length: to - from + 1 }, (_, i) => Math.max(0, Math.min(5, last - (from + i)))).reduce((a, b) => a + b, 0);

describe('tradecast backtest', () => {
  it('prints the scores for origins before and from 2022 next to the benchmarks', async () => {
    const { code, stdout } = await tradecast(['backtest', 'baseline', '--samples', '500']);
    expect(code).toBe(0);
    const last = Math.max(...shipped('baseline').history.years.filter((y) => y.turnover !== null).map((y) => y.year));
    expect(last).toBe(2025);
    expect(stdout).toContain(`origins before 2022 (2016, 2017, 2018, 2019, 2020, 2021): ${pairs(2016, 2021, last)} forecasts each`);
    expect(stdout).toContain(`origins from 2022 (2022, 2023): ${pairs(2022, 2023, last)} forecasts each`);
    expect(stdout).toMatch(/^ {2}random walk \+ drift +0\.\d{4}/m);
    expect(stdout).toContain('CRPS by horizon');
    expect(stdout).toMatch(/log turnover, origin 2015: the level is flagged suspect/);
  });

  it('takes --origins and --horizons ranges and gives JSON', async () => {
    const { code, stdout } = await tradecast(['backtest', 'baseline', '--origins', '2018..2020', '--horizons', '1..2', '--samples', '300', '--format', 'json']);
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
