import { describe, expect, it } from 'vitest';
import { backtest, backtestRequestSchema, backtestWork, type BacktestResult } from '../../../src/analysis/backtest/backtest.js';
import { evaluate, type BacktestForecast } from '../../../src/analysis/backtest/backtestScores.js';
import { originState } from '../../../src/analysis/backtest/originState.js';
import { scoreForecast } from '../../../src/analysis/backtest/scoreForecast.js';
import { structuralOrigin } from '../../../src/analysis/backtest/structuralScenario.js';
import { estimateDrivers, otherEnergyOf } from '../../../src/analysis/calibration/driverEstimates.js';
import { realizedDrivers } from '../../../src/analysis/calibration/realizedDrivers.js';
import { COVERAGE_LEVELS, PIT_BINS } from '../../../src/analysis/defaults.js';
import { SERIES_OIL_PRICE, SERIES_RUB_PER_CNY } from '../../../src/core/simulationOutput.js';
import type { History } from '../../../src/scenario/history.js';
import type { ResolvedScenario } from '../../../src/scenario/loadScenario.js';
import { nonFiniteNumbers, onCallingThread, preparedRun, shipped, simulated } from '../../helpers.js';

async function run(resolved: ResolvedScenario, options: Parameters<typeof backtest>[1] = {}): Promise<BacktestResult> {
  const outcome = await backtest(resolved, { samples: 500, ...options }, onCallingThread);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

const baseline = shipped('baseline');
const result = await run(baseline);
const LAST = Math.max(...baseline.history.years.filter((y) => y.turnover !== null).map((y) => y.year));

describe('the structural back-test of the baseline', () => {
  it('restarts the engine at every origin the data allow: 2012 has no turnover, 2015 is suspect; no sectors before the car-share data, the cars sector from 2021', () => {
    expect(LAST).toBe(2025);
    expect(result.setup.map((s) => s.origin)).toEqual([2010, 2011, 2013, 2014, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(result.skipped).toContainEqual({ series: 'log turnover', origin: 2012, reason: 'no turnover in the data for 2012' });
    expect(result.skipped).toContainEqual({ series: 'log turnover', origin: 2015, reason: expect.stringMatching(/suspect/) });
    for (const s of result.setup) expect(s.form).toBe(s.origin >= 2021 ? 'cars' : 'reduced');
    // before 2020 the data have no unit value of Russian crude into China: Brent stands in
    for (const s of result.setup) expect(s.oilProxy).toBe(s.origin < 2020);
    expect(result.forecasts.some((f) => f.year === 2015 && f.series !== 'share.cars.china')).toBe(false);
  });

  it('scores the model ex ante and ex post, and both benchmarks, on the same cases', () => {
    const key = (f: BacktestForecast) => `${f.series} ${f.origin} ${f.year}`;
    const cases = (mode: string, forecaster: string) =>
      result.forecasts
        .filter((f) => f.mode === mode && f.forecaster === forecaster)
        .map(key)
        .sort();
    const exAnte = cases('exAnte', 'model');
    expect(exAnte.length).toBeGreaterThan(80);
    expect(cases('exPost', 'model')).toEqual(exAnte);
    expect(cases('exAnte', 'randomWalkDrift')).toEqual(exAnte);
    expect(cases('exAnte', 'noChange')).toEqual(exAnte);
    expect(result.forecasts.some((f) => f.mode === 'exPost' && f.forecaster !== 'model')).toBe(false);
    // 2025 is an outcome: the origin-2024 forecast of turnover one year ahead, in both modes
    for (const mode of ['exAnte', 'exPost']) {
      expect(result.forecasts.find((f) => f.series === 'log turnover' && f.mode === mode && f.forecaster === 'model' && f.origin === 2024 && f.horizon === 1)!.observed).toBe(Math.log(228.105));
    }
  });

  it('reports evaluations with origin-clustered standard errors, coverage in [0, 1], a PIT histogram of every case, and the share of error due to the inputs', () => {
    for (const e of result.evaluations) {
      expect(Number.isFinite(e.crps) && e.crps > 0).toBe(true);
      expect(e.pitHistogram).toHaveLength(PIT_BINS);
      expect(e.pitHistogram.reduce((s, v) => s + v, 0)).toBe(e.forecasts);
      for (const level of ['50', '80', '90'] as const) expect(e.coverage[level] >= 0 && e.coverage[level] <= 1).toBe(true);
      if (e.forecaster === 'randomWalkDrift') expect(e.skillVsRandomWalkDrift).toBe(0);
      if (e.origins > 1) expect(e.skillStandardError).not.toBeNull();
    }
    const turnover = result.evaluations.find((e) => e.series === 'log turnover' && e.mode === 'exAnte' && e.period === 'all' && e.forecaster === 'model')!;
    expect(Object.keys(turnover).sort()).toEqual(expect.arrayContaining(['series', 'mode', 'forecaster', 'forecasts', 'crps', 'skillVsRandomWalkDrift', 'skillStandardError', 'coverage'].sort()));
    expect(result.inputShares.map((s) => s.series)).toContain('log turnover');
    for (const summary of result.summary) summary.coverage.forEach((c, i) => expect(c.level).toBe(COVERAGE_LEVELS[i]));
    expect(nonFiniteNumbers(result)).toEqual([]);
  });

  it('centres the random walk with drift on the plug-in mean log growth up to the origin', () => {
    // origin 2019: levels 2010, 2011, 2013, 2014, 2016 … 2019 (2012 gap, 2015 left out)
    const rows = result.forecasts.filter((f) => f.series === 'log turnover' && f.forecaster === 'randomWalkDrift' && f.origin === 2019);
    const drift = Math.log(110.75 / 55.45) / 9;
    for (const row of rows) expect(row.median).toBeCloseTo(Math.log(110.75) + row.horizon * drift, 1);
  });
});

describe('ex post, what happened is pinned', () => {
  it('gives every path the realized oil price and rouble in every projected year up to the data’s end', async () => {
    const state = originState(baseline.history, 2019);
    if (!state.ok) throw new Error(state.reason);
    const estimates = estimateDrivers(baseline.history, 2019, otherEnergyOf(baseline)!);
    const restarted = structuralOrigin(baseline, state.state, estimates, otherEnergyOf(baseline)!, { mode: 'exPost', horizon: 2024, lastDataYear: 2025 });
    const run = preparedRun(restarted.resolved, { paths: 100, seed: 1 });
    const output = await simulated(run);
    run.plan.years.forEach((year, y) => {
      const realized = realizedDrivers(baseline.history.drivers!, year);
      if (!realized.ok) throw new Error(realized.problems.join('; '));
      for (let p = 0; p < 100; p++) {
        expect(output.values[SERIES_OIL_PRICE]![y * 100 + p]).toBe(realized.drivers.oilPrice.value);
        expect(output.values[SERIES_RUB_PER_CNY]![y * 100 + p]).toBe(realized.drivers.rubPerCny.value);
      }
    });
  });
});

/**
 * Every data point after `year`, in every file the back-test reads, changed: trade levels and
 * splits, car shares, every driver row, the regimes, the partial years.
 */
function perturbedAfter(history: History, year: number): History {
  return {
    ...history,
    years: history.years.map((y) =>
      y.year > year
        ? {
            ...y,
            turnover: y.turnover === null ? null : y.turnover * 1.37,
            exportsToChina: y.exportsToChina === null ? null : y.exportsToChina * 0.71,
            importsFromChina: y.importsFromChina === null ? null : y.importsFromChina * 1.53,
          }
        : y,
    ),
    carShareChina: Object.fromEntries(Object.entries(history.carShareChina).map(([y, share]) => [y, Number(y) > year ? share * 0.6 : share])),
    drivers: history.drivers!.map((table) => ({ ...table, records: table.records.map((r) => (r.year > year && r.value !== null ? { ...r, value: r.value * 1.29 } : r)) })),
    regimes: history.regimes!.map((r) => (r.year > year ? { ...r, regime: r.regime === 'thaw' ? 'escalation' : 'thaw' } : r)),
    partialYear: history.partialYear!.map((r) => (r.year > year ? { ...r, turnover: r.turnover * 1.4 } : r)),
  };
}

describe('no look-ahead, for every input', () => {
  it('gives the same forecasts from each origin whatever every later data point in every file says (ex ante; ex post reads only the later drivers it pins)', async () => {
    const origins = result.setup.map((s) => s.origin);
    let tested = 0;
    for (const origin of origins) {
      const options = { origins: { from: origin, to: origin }, samples: 200 };
      const original = (await run(baseline, options)).forecasts;
      const altered = (await run({ ...baseline, history: perturbedAfter(baseline.history, origin) }, options)).forecasts;
      const exAnte = (forecasts: BacktestForecast[]) => forecasts.filter((f) => f.mode === 'exAnte').map((f) => [f.series, f.forecaster, f.year, f.median, f.p5, f.p95]);
      expect(exAnte(altered), `origin ${origin}`).toEqual(exAnte(original));
      // where the origin has forecasts, their outcomes did change, so the comparison is not empty
      const originalExAnte = original.filter((f) => f.mode === 'exAnte');
      if (originalExAnte.length > 0) tested++;
      if (originalExAnte.length > 0) expect(altered.filter((f) => f.mode === 'exAnte').some((f, i) => f.observed !== originalExAnte[i]!.observed)).toBe(true);
      // trade and car data after the origin leave the ex-post forecasts alone too
      const tradeOnly: History = { ...perturbedAfter(baseline.history, origin), drivers: baseline.history.drivers!, regimes: baseline.history.regimes! };
      const exPost = (forecasts: BacktestForecast[]) => forecasts.filter((f) => f.mode === 'exPost').map((f) => [f.series, f.year, f.median, f.p5, f.p95]);
      expect(exPost((await run({ ...baseline, history: tradeOnly }, options)).forecasts), `origin ${origin}`).toEqual(exPost(original));
    }
    // 2010 and 2011 have too little data before them for the benchmarks, so nothing is scored from them
    expect(tested).toBe(origins.length - 2);
  }, 120_000);

  it('takes no prior from the scenario’s own volatilities, which may be estimated on years after the origin', async () => {
    // the baseline's demand and non-energy volatilities are estimated on data to 2025
    const options = { origins: { from: 2016, to: 2018 }, samples: 200 };
    const original = (await run(baseline, options)).forecasts;
    const other = shipped('baseline', { 'demand.volatility.mean': 0.4, 'exports.nonEnergyVolatility.mean': 0.3 });
    const changed = (await run(other, options)).forecasts;
    const spread = (forecasts: BacktestForecast[]) => forecasts.map((f) => [f.series, f.mode, f.forecaster, f.year, f.median, f.p5, f.p95]);
    expect(original.length).toBeGreaterThan(0);
    expect(spread(changed)).toEqual(spread(original));
  }, 60_000);
});

describe('evaluate', () => {
  const forecast = (origin: number, forecaster: BacktestForecast['forecaster'], crps: number, covered: boolean): BacktestForecast => ({
    series: 'log turnover',
    mode: 'exAnte',
    forecaster,
    origin,
    year: origin + 1,
    horizon: 1,
    observed: 0,
    median: 0,
    p5: 0,
    p95: 0,
    crps,
    pinball: crps,
    pit: 0.5,
    covered: [covered, covered, covered],
  });

  it('gives skill = 1 − ΣCRPS/ΣCRPS of the benchmark and the origin-clustered delta-method standard error', () => {
    const model = [0.1, 0.3, 0.2, 0.4];
    const benchmark = [0.2, 0.3, 0.4, 0.4];
    const rows = [...model.map((c, i) => forecast(2016 + i, 'model', c, i % 2 === 0)), ...benchmark.map((c, i) => forecast(2016 + i, 'randomWalkDrift', c, true))];
    const e = evaluate(rows).find((x) => x.forecaster === 'model' && x.period === 'all')!;
    const ratio = 1 / 1.3;
    expect(e.skillVsRandomWalkDrift).toBeCloseTo(1 - ratio, 12);
    const squares = model.reduce((s, a, i) => s + (a - ratio * benchmark[i]!) ** 2, 0);
    expect(e.skillStandardError).toBeCloseTo(Math.sqrt((4 / 3) * squares) / 1.3, 12);
    expect(e.coverage).toEqual({ '50': 0.5, '80': 0.5, '90': 0.5 });
    expect(e.forecasts).toBe(4);
    expect(e.origins).toBe(4);
  });
});

describe('scoreForecast', () => {
  it('scores a sample: CRPS, coverage of central intervals, PIT', () => {
    const sample = Float64Array.from({ length: 1001 }, (_, i) => i / 1000); // uniform on [0, 1]
    const score = scoreForecast(sample, 0.5);
    expect(score.crps).toBeCloseTo(1 / 12, 2); // CRPS of U(0, 1) at its median: E|X − ½| − ½E|X − X′| = ¼ − ⅙
    expect(score.covered).toEqual(COVERAGE_LEVELS.map(() => true));
    expect(score.pit).toBeCloseTo(0.5, 3);
    expect(scoreForecast(Float64Array.from(sample), 0.97).covered).toEqual([false, false, false]);
  });
});

describe('work, counted before it runs', () => {
  it('is samples × projected years × (2 runs per origin + the scenario’s own projection)', () => {
    expect(backtestWork(baseline)).toMatchObject({
      field: 'samples',
      value: 2_000,
      factors: [
        ['projected years', 5],
        ['runs (2 per origin + the projection)', 2 * (LAST - 2010) + 1],
      ],
    });
    expect(backtestWork(baseline, { origins: { from: 2019, to: 2023 }, horizons: { from: 1, to: 3 }, samples: 200 })).toMatchObject({
      field: 'samples',
      value: 200,
      factors: [
        ['projected years', 3],
        ['runs (2 per origin + the projection)', 11],
      ],
    });
  });
});

describe('invalid back-tests', () => {
  it('rejects empty or oversized ranges, unknown request fields, and a scenario without driver tables', async () => {
    const outcome = await backtest(baseline, { origins: { from: 2020, to: 2010 } }, onCallingThread);
    expect(!outcome.ok && 'issues' in outcome && outcome.issues[0]!.path).toEqual(['origins']);
    const horizons = await backtest(baseline, { horizons: { from: 0, to: 3 } }, onCallingThread);
    expect(!horizons.ok && 'issues' in horizons && horizons.issues[0]!.path).toEqual(['horizons']);
    const { drivers: _drivers, ...withoutDrivers } = baseline.history;
    const noDrivers = await backtest({ ...baseline, history: withoutDrivers }, {}, onCallingThread);
    expect(!noDrivers.ok && 'issues' in noDrivers && noDrivers.issues[0]!.path).toEqual(['data', 'drivers']);
    expect(backtestRequestSchema.safeParse({ scenario: 'baseline', origins: { from: 2015, to: 2023 } }).success).toBe(true);
    expect(backtestRequestSchema.safeParse({ scenario: 'baseline', window: 3 }).success).toBe(false);
    // a request cannot ask for a range the analysis would have to list year by year for ever
    expect(backtestRequestSchema.safeParse({ scenario: 'baseline', origins: { from: 0, to: 2_000_000_000 } }).error?.issues.map((issue) => issue.path)).toEqual([
      ['origins', 'from'],
      ['origins', 'to'],
    ]);
    expect(backtestRequestSchema.safeParse({ scenario: 'baseline', horizons: { from: 1, to: 21 } }).success).toBe(false);
  });
});
