import { describe, expect, it } from 'vitest';
import { backtest, backtestRequestSchema, backtestWork, type BacktestResult } from '../../../src/analysis/backtest/backtest.js';
import { scoreForecast } from '../../../src/analysis/backtest/scoreForecast.js';
import { COVERAGE_LEVELS, PIT_BINS } from '../../../src/analysis/defaults.js';
import type { ResolvedScenario } from '../../../src/scenario/loadScenario.js';
import { nonFiniteNumbers, onCallingThread, shipped } from '../../helpers.js';

async function run(resolved: ResolvedScenario, samples = 1000): Promise<BacktestResult> {
  const outcome = (await backtest(resolved, { samples }, onCallingThread));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

const baselineBacktest = await run(shipped('baseline'));

describe('back-test of the baseline (origins 2015–2023, horizons 1–5)', () => {
  const result = baselineBacktest;

  it('scores every forecaster on the same cases: 27 turnover forecasts from origins before 2022, 3 from 2022 on, 3 car-share forecasts', async () => {
    const count = (series: string, period: string) => result.summary.filter((s) => s.series === series && s.period === period).map((s) => s.count);
    expect(count('log turnover', 'before 2022')).toEqual([27, 27, 27]);
    expect(count('log turnover', 'from 2022')).toEqual([3, 3, 3]);
    expect(count('share.cars.china', 'from 2022')).toEqual([3, 3, 3]);
    expect(result.skipped).toContainEqual({ series: 'log turnover', origin: 2015, reason: expect.stringMatching(/suspect/) });
    expect(result.forecasts.some((f) => f.year === 2015)).toBe(false); // 2015's level is not an outcome either
  });

  it('reports finite scores, coverage in [0, 1] with a band, a PIT histogram of all cases, and skill on the model rows', async () => {
    for (const summary of result.summary) {
      expect(Number.isFinite(summary.crps) && summary.crps > 0).toBe(true);
      expect(summary.pitHistogram).toHaveLength(PIT_BINS);
      expect(summary.pitHistogram.reduce((s, v) => s + v, 0)).toBe(summary.count);
      summary.coverage.forEach((c, i) => {
        expect(c.level).toBe(COVERAGE_LEVELS[i]);
        expect(c.observed >= 0 && c.observed <= 1 && c.low <= c.level && c.high >= c.level).toBe(true);
      });
      if (summary.forecaster === 'model') expect(Number.isFinite(summary.skill!.randomWalkDrift)).toBe(true);
      else expect(summary.skill).toBeNull();
    }
    expect(nonFiniteNumbers(result)).toEqual([]); // no NaN or Infinity anywhere (JSON would turn them into null)
  });

  it('beats the no-change forecast on log turnover (skill > 0)', async () => {
    const model = result.summary.find((s) => s.series === 'log turnover' && s.period === 'all' && s.forecaster === 'model')!;
    expect(model.skill!.noChange).toBeGreaterThan(0);
  });

  it('centres the random walk with drift on the plug-in mean log growth up to the origin', async () => {
    // origin 2019: levels 2010, 2011, 2013, 2014, 2016 … 2019 (2012 gap, 2015 left out)
    const rows = result.forecasts.filter((f) => f.series === 'log turnover' && f.forecaster === 'randomWalkDrift' && f.origin === 2019);
    const drift = Math.log(110.75 / 55.45) / 9;
    for (const row of rows) expect(row.median).toBeCloseTo(Math.log(110.75) + row.horizon * drift, 1);
  });
});

describe('no look-ahead', () => {
  it('gives the same forecasts from an origin whatever the data after it say', async () => {
    const resolved = shipped('baseline');
    const altered: ResolvedScenario = {
      ...resolved,
      history: {
        ...resolved.history,
        years: resolved.history.years.map((y) =>
          y.year > 2016 && y.year < 2024 ? { ...y, turnover: y.turnover === null ? null : y.turnover * 1.5 } : y,
        ),
      },
    };
    const original = (await run(resolved, 400)).forecasts.filter((f) => f.origin === 2016);
    const changed = (await run(altered, 400)).forecasts.filter((f) => f.origin === 2016);
    expect(changed.length).toBe(original.length);
    changed.forEach((f, i) => {
      expect([f.median, f.p5, f.p95]).toEqual([original[i]!.median, original[i]!.p5, original[i]!.p95]);
      expect(f.observed).not.toBe(original[i]!.observed);
    });
  });
});

describe('scoreForecast', () => {
  it('scores a sample: CRPS, coverage of central intervals, PIT', async () => {
    const sample = Float64Array.from({ length: 1001 }, (_, i) => i / 1000); // uniform on [0, 1]
    const score = scoreForecast(sample, 0.5);
    expect(score.crps).toBeCloseTo(1 / 12, 2); // CRPS of U(0, 1) at its median: E|X − ½| − ½E|X − X′| = ¼ − ⅙
    expect(score.covered).toEqual(COVERAGE_LEVELS.map(() => true));
    expect(score.pit).toBeCloseTo(0.5, 3);
    expect(scoreForecast(Float64Array.from(sample), 0.97).covered).toEqual([false, false, false]);
  });
});

describe('work, counted before it runs', () => {
  it('is samples × (projected years + origin–horizon pairs with an outcome in the data), an upper bound on what is scored', async () => {
    // origins 2015–2023, horizons 1–5, data to 2024: 5 × 5 pairs from 2015–2019, then 4 + 3 + 2 + 1
    expect(backtestWork(shipped('baseline'))).toMatchObject({ field: 'samples', value: 4_000, factors: [['(projected years + scored origin–horizon pairs)', 5 + 35]] });
    const options = { origins: { from: 2019, to: 2023 }, horizons: { from: 1, to: 3 }, samples: 200 };
    const [, pairs] = backtestWork(shipped('baseline'), options).factors[0]!;
    expect(pairs).toBe(3 + 12);
    const outcome = (await backtest(shipped('baseline'), options, onCallingThread));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const scored = outcome.result.forecasts.filter((f) => f.series === 'log turnover' && f.forecaster === 'model').length;
    expect(scored).toBe(12); // every pair with an outcome is scored (2019 + 3 = 2022 … 2023 + 1 = 2024)
  });
});

describe('invalid back-tests', () => {
  it('rejects empty or oversized ranges and unknown request fields', async () => {
    const outcome = (await backtest(shipped('baseline'), { origins: { from: 2020, to: 2010 } }, onCallingThread));
    expect(!outcome.ok && 'issues' in outcome && outcome.issues[0]!.path).toEqual(['origins']);
    const horizons = (await backtest(shipped('baseline'), { horizons: { from: 0, to: 3 } }, onCallingThread));
    expect(!horizons.ok && 'issues' in horizons && horizons.issues[0]!.path).toEqual(['horizons']);
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
