import { z } from 'zod';
import { binomialInterval } from '../../core/binomialInterval.js';
import { CONFIDENCE_LEVEL } from '../../core/defaults.js';
import { BREAK_YEAR, COVERAGE_LEVELS, PIT_BINS } from '../defaults.js';
import { BACKTEST_MODES } from './structuralScenario.js';

export const BACKTEST_SERIES = ['log turnover', 'log exportsToChina', 'log importsFromChina', 'share.cars.china'] as const;
export type BacktestSeries = (typeof BACKTEST_SERIES)[number];
export const BACKTEST_PERIODS = ['before 2022', 'from 2022', 'all'] as const;
export type BacktestPeriod = (typeof BACKTEST_PERIODS)[number];
export const FORECASTERS = ['model', 'randomWalkDrift', 'noChange'] as const;
export type Forecaster = (typeof FORECASTERS)[number];

const modeSchema = z.enum(BACKTEST_MODES).describe('exAnte: drivers simulated from the origin; exPost: drivers pinned to what happened (benchmarks are exAnte)');

export const backtestForecastSchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  mode: modeSchema,
  forecaster: z.enum(FORECASTERS),
  origin: z.number().int(),
  year: z.number().int(),
  horizon: z.number().int(),
  observed: z.number().describe('the outcome: ln US$ bn for the log series, a fraction for the car share'),
  median: z.number(),
  p5: z.number(),
  p95: z.number(),
  crps: z.number().describe('fair CRPS, in the unit of the series'),
  pinball: z.number(),
  pit: z.number(),
  covered: z.array(z.boolean()).describe('one per coverage level'),
});
export type BacktestForecast = z.infer<typeof backtestForecastSchema>;

const levelsRecord = z.object({ '50': z.number(), '80': z.number(), '90': z.number() });

export const evaluationSchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  mode: modeSchema,
  period: z.enum(BACKTEST_PERIODS),
  forecaster: z.enum(FORECASTERS),
  forecasts: z.number().int(),
  origins: z.number().int().describe('clusters of the standard errors'),
  crps: z.number(),
  crpsStandardError: z.number().nullable(),
  pinball: z.number(),
  skillVsRandomWalkDrift: z.number().nullable().describe('1 − CRPS / CRPS of the random walk with drift, on the same forecasts'),
  skillStandardError: z.number().nullable().describe('origin-clustered (delta method on the ratio of mean CRPS)'),
  skillVsNoChange: z.number().nullable(),
  skillVsNoChangeStandardError: z.number().nullable(),
  coverage: levelsRecord.describe('share of outcomes inside the central 50/80/90% intervals'),
  coverageStandardError: levelsRecord.nullable().describe('origin-clustered'),
  pitHistogram: z.array(z.number().int()),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export const inputShareSchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  period: z.enum(BACKTEST_PERIODS),
  forecasts: z.number().int(),
  exAnteCrps: z.number(),
  exPostCrps: z.number(),
  share: z.number().describe('(CRPS ex ante − CRPS ex post) / CRPS ex ante: the share of the error due to the inputs'),
  standardError: z.number().nullable(),
});
export type InputShare = z.infer<typeof inputShareSchema>;

/** Whether a forecast from `origin` belongs to `period`. */
export function inPeriod(origin: number, period: BacktestPeriod): boolean {
  return period === 'all' || (period === 'before 2022') === origin < BREAK_YEAR;
}

const keyOf = (f: BacktestForecast) => `${f.series}|${f.origin}|${f.year}`;

/**
 * Scores by series, mode, period and forecaster. Skill compares mean CRPS with a benchmark's on
 * the same (series, origin, year) forecasts. Forecasts from one origin share the path they start
 * from, so standard errors treat origins as clusters: for a ratio of sums R = Σa/Σb over
 * clusters g, Var(R) ≈ G/(G − 1)·Σ_g (a_g − R·b_g)² / (Σb)² (the delta method with a
 * cluster-robust variance, as in a Diebold–Mariano test of equal accuracy with dependent
 * forecasts). Forecasts of the same year from neighbouring origins also share their outcome;
 * clustering by origin does not cover that, so the standard errors are if anything too small.
 */
export function evaluate(forecasts: readonly BacktestForecast[]): Evaluation[] {
  const benchmark = new Map<string, Map<string, BacktestForecast>>();
  for (const f of forecasts) {
    if (f.forecaster === 'model') continue;
    const byKey = benchmark.get(f.forecaster) ?? new Map<string, BacktestForecast>();
    byKey.set(keyOf(f), f);
    benchmark.set(f.forecaster, byKey);
  }
  const out: Evaluation[] = [];
  for (const series of BACKTEST_SERIES) {
    for (const mode of BACKTEST_MODES) {
      for (const period of BACKTEST_PERIODS) {
        for (const forecaster of FORECASTERS) {
          const rows = forecasts.filter((f) => f.series === series && f.mode === mode && f.forecaster === forecaster && inPeriod(f.origin, period));
          if (rows.length === 0) continue;
          const crps = clusteredRatio(
            rows,
            (f) => f.crps,
            () => 1,
          );
          const versus = (name: Forecaster) => {
            const paired = rows.filter((f) => benchmark.get(name)?.has(keyOf(f)));
            if (paired.length === 0) return { skill: null, standardError: null };
            const ratio = clusteredRatio(
              paired,
              (f) => f.crps,
              (f) => benchmark.get(name)!.get(keyOf(f))!.crps,
            );
            return { skill: 1 - ratio.value, standardError: ratio.standardError };
          };
          const rw = versus('randomWalkDrift');
          const nc = versus('noChange');
          const coverage = COVERAGE_LEVELS.map((_, i) =>
            clusteredRatio(
              rows,
              (f) => (f.covered[i] ? 1 : 0),
              () => 1,
            ),
          );
          const histogram = new Array<number>(PIT_BINS).fill(0);
          for (const f of rows) histogram[Math.min(PIT_BINS - 1, Math.floor(f.pit * PIT_BINS))]!++;
          out.push({
            series,
            mode,
            period,
            forecaster,
            forecasts: rows.length,
            origins: new Set(rows.map((f) => f.origin)).size,
            crps: crps.value,
            crpsStandardError: crps.standardError,
            pinball: rows.reduce((s, f) => s + f.pinball, 0) / rows.length,
            skillVsRandomWalkDrift: rw.skill,
            skillStandardError: rw.standardError,
            skillVsNoChange: nc.skill,
            skillVsNoChangeStandardError: nc.standardError,
            coverage: levels(coverage.map((c) => c.value)),
            coverageStandardError: coverage.every((c) => c.standardError !== null) ? levels(coverage.map((c) => c.standardError!)) : null,
            pitHistogram: histogram,
          });
        }
      }
    }
  }
  return out;
}

/** The share of the model's error due to its inputs, per series and period: 1 − CRPS ex post / CRPS ex ante on the same forecasts. */
export function inputShares(forecasts: readonly BacktestForecast[]): InputShare[] {
  const exPost = new Map(forecasts.filter((f) => f.forecaster === 'model' && f.mode === 'exPost').map((f) => [keyOf(f), f]));
  const out: InputShare[] = [];
  for (const series of BACKTEST_SERIES) {
    for (const period of BACKTEST_PERIODS) {
      const rows = forecasts.filter((f) => f.series === series && f.forecaster === 'model' && f.mode === 'exAnte' && inPeriod(f.origin, period) && exPost.has(keyOf(f)));
      if (rows.length === 0) continue;
      const ratio = clusteredRatio(
        rows,
        (f) => exPost.get(keyOf(f))!.crps,
        (f) => f.crps,
      );
      const mean = (pick: (f: BacktestForecast) => number) => rows.reduce((s, f) => s + pick(f), 0) / rows.length;
      out.push({
        series,
        period,
        forecasts: rows.length,
        exAnteCrps: mean((f) => f.crps),
        exPostCrps: mean((f) => exPost.get(keyOf(f))!.crps),
        share: 1 - ratio.value,
        standardError: ratio.standardError,
      });
    }
  }
  return out;
}

/** Coverage with a binomial band (the range if intervals were calibrated and forecasts independent), as the old summary gave it. */
export function coverageBands(evaluation: Evaluation): { level: number; observed: number; low: number; high: number }[] {
  return COVERAGE_LEVELS.map((level) => ({
    level,
    observed: evaluation.coverage[String(Math.round(level * 100)) as '50' | '80' | '90'],
    ...binomialInterval(evaluation.forecasts, level, CONFIDENCE_LEVEL),
  }));
}

/** Σa/Σb over the rows and its origin-clustered standard error (null with one origin); hand-written, simple-statistics has no cluster-robust estimator. */
function clusteredRatio(rows: readonly BacktestForecast[], a: (f: BacktestForecast) => number, b: (f: BacktestForecast) => number): { value: number; standardError: number | null } {
  const clusters = new Map<number, { a: number; b: number }>();
  let sumA = 0;
  let sumB = 0;
  for (const f of rows) {
    const c = clusters.get(f.origin) ?? { a: 0, b: 0 };
    c.a += a(f);
    c.b += b(f);
    clusters.set(f.origin, c);
    sumA += a(f);
    sumB += b(f);
  }
  const value = sumA / sumB;
  const G = clusters.size;
  if (G < 2 || !(sumB > 0)) return { value, standardError: null };
  let squares = 0;
  for (const c of clusters.values()) squares += (c.a - value * c.b) * (c.a - value * c.b);
  return { value, standardError: Math.sqrt((G / (G - 1)) * squares) / sumB };
}

function levels(values: readonly number[]): { '50': number; '80': number; '90': number } {
  return { '50': values[0]!, '80': values[1]!, '90': values[2]! };
}
