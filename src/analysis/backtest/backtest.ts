import { z } from 'zod';
import { binomialInterval } from '../../core/binomialInterval.js';
import { DEFAULT_SEED, MAX_HORIZON, MAX_SEED, SCENARIO_SIZE_SECTORS } from '../../core/defaults.js';
import { normalQuantile } from '../../core/normalQuantile.js';
import { createQuantileFunction } from '../../core/quantileFunction.js';
import { SERIES_TURNOVER } from '../../core/simulationOutput.js';
import { summarise as summariseOutput } from '../../core/summarise.js';
import type { ResolvedScenario } from '../../scenario/loadScenario.js';
import { canonicalJson, sha256Hex } from '../../scenario/sha256.js';
import { VERSION } from '../../version.js';
import { prepareRun } from '../../run/preparedRun.js';
import { outputBytesPerPath, planBytes, planShape, scenarioSize } from '../../run/runCost.js';
import type { Factor, WorkCount, WorkOutcome } from '../../run/workCount.js';
import { CANCELLED, checkpoint, type AnalysisContext, type AnalysisOutcome } from '../analysisContext.js';
import { calibrate } from '../calibration/calibrate.js';
import {
  BACKTEST_HORIZONS,
  BACKTEST_ORIGINS,
  BACKTEST_SAMPLES,
  BREAK_YEAR,
  CONFIDENCE_LEVEL,
  COVERAGE_LEVELS,
  MAX_BACKTEST_HORIZON,
  MAX_BACKTEST_ORIGINS,
  PIT_BINS,
  STREAM_BACKTEST,
} from '../defaults.js';
import { meanAndVariance } from '../meanAndVariance.js';
import { resolveRequestScenarios, scenarioReferenceSchema } from '../scenarioReference.js';
import { createUniformStream } from '../uniformStream.js';
import { carShareForecast, type CarPriors } from './carShareForecasts.js';
import { scoreForecast, type ForecastScore } from './scoreForecast.js';
import { modelForecast, randomWalkForecast, TURNOVER_FORECASTERS, type Forecaster, type ForecastSamples, type ScenarioShape } from './turnoverForecasts.js';
import { log } from '../../core/log.js';

/** An inclusive range of whole numbers within [min, max] (bounded: the analysis lists every value in it). */
const wholeRange = (min: number, max: number) => z.object({ from: z.number().int().min(min).max(max), to: z.number().int().min(min).max(max) }).strict();

/** `POST /api/backtest` body. */
export const backtestRequestSchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: z.record(z.string(), z.unknown()).optional(),
    origins: wholeRange(1990, MAX_HORIZON).optional().describe('rolling origins, inclusive (default 2015–2023)'),
    horizons: wholeRange(1, MAX_BACKTEST_HORIZON).optional().describe('years ahead, inclusive (default 1–5)'),
    samples: z.number().int().min(100).max(100_000).optional().describe('draws per forecast distribution'),
    seed: z.number().int().min(0).max(MAX_SEED).optional(),
  })
  .strict();
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

export const BACKTEST_SERIES = ['log turnover', 'share.cars.china'] as const;
export const BACKTEST_PERIODS = ['before 2022', 'from 2022', 'all'] as const;

const forecasterSchema = z.enum(TURNOVER_FORECASTERS);

export const backtestForecastSchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  forecaster: forecasterSchema,
  origin: z.number().int(),
  year: z.number().int(),
  horizon: z.number().int(),
  observed: z.number(),
  median: z.number(),
  p5: z.number(),
  p95: z.number(),
  crps: z.number(),
  pinball: z.number(),
  pit: z.number(),
  covered: z.array(z.boolean()).describe('one per coverage level'),
});

export const backtestSummarySchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  period: z.enum(BACKTEST_PERIODS),
  forecaster: forecasterSchema,
  count: z.number().int(),
  crps: z.number(),
  pinball: z.number(),
  coverage: z.array(
    z.object({
      level: z.number(),
      observed: z.number(),
      /** central 95% range of the observed coverage if the intervals were calibrated and the cases independent */
      low: z.number(),
      high: z.number(),
    }),
  ),
  pitHistogram: z.array(z.number().int()),
  /** 1 − CRPS_model/CRPS_benchmark, on the model's rows only */
  skill: z.object({ randomWalkDrift: z.number(), noChange: z.number() }).nullable(),
});

export const backtestResultSchema = z.object({
  kind: z.literal('backtest'),
  version: z.string(),
  scenario: z.string(),
  name: z.string(),
  inputHash: z.string(),
  seed: z.number().int(),
  samples: z.number().int(),
  origins: z.array(z.number().int()),
  horizons: z.array(z.number().int()),
  coverageLevels: z.array(z.number()),
  breakYear: z.number().int(),
  /** Var(G_h)/Var(G_1) of the scenario's own turnover growth, by horizon (a random walk gives h) */
  scenarioVarianceRatio: z.array(z.number()),
  forecasts: z.array(backtestForecastSchema),
  summary: z.array(backtestSummarySchema),
  byHorizon: z.array(z.object({ series: z.enum(BACKTEST_SERIES), period: z.enum(BACKTEST_PERIODS), forecaster: forecasterSchema, horizon: z.number().int(), count: z.number().int(), crps: z.number() })),
  skipped: z.array(z.object({ series: z.enum(BACKTEST_SERIES), origin: z.number().int(), reason: z.string() })),
  notes: z.array(z.string()),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;
export type BacktestForecast = z.infer<typeof backtestForecastSchema>;
export type BacktestSummary = z.infer<typeof backtestSummarySchema>;

export interface BacktestOptions {
  readonly origins?: { readonly from: number; readonly to: number };
  readonly horizons?: { readonly from: number; readonly to: number };
  readonly samples?: number;
  readonly seed?: number;
}

/**
 * Rolling-origin back-test (Tashman, "Out-of-sample tests of forecasting accuracy", Int. J.
 * Forecast. 16:437–450, 2000): for each origin T, re-calibrate on data up to T only, forecast
 * T + h for each horizon h whose outcome is in the data, and score the forecast against it.
 *
 * What is back-tested, honestly: the full model needs sector shares and levels at its origin,
 * which the data have only for 2021–2024, so it cannot be restarted in 2016. Two parts are:
 * - log turnover: the scenario's turnover dynamics re-anchored at each origin's level, with the
 *   drift and volatility re-calibrated on the data up to the origin (2022 as a one-off jump once
 *   the origin is past it) and their estimation uncertainty drawn per path (modelForecast);
 * - Chinese brands' share of new-car sales: the scenario's partial adjustment from the origin's
 *   share, speed and noise from the scenario's priors, target re-fitted to shares up to the origin
 *   (origins 2022 and 2023 only: the series starts in 2021).
 * Benchmarks: random walk with drift (plug-in) and no change. Scores: fair CRPS, pinball loss,
 * coverage of the central COVERAGE_LEVELS intervals with binomial bands, a PIT histogram, and
 * skill = 1 − CRPS_model/CRPS_benchmark; origins before and from the break year apart.
 */
export async function backtest(resolved: ResolvedScenario, options: BacktestOptions, context: AnalysisContext): Promise<AnalysisOutcome<BacktestResult>> {
  const { scenario, history } = resolved;
  const origins = range(options.origins ?? BACKTEST_ORIGINS);
  const horizons = range(options.horizons ?? BACKTEST_HORIZONS);
  if (origins.length === 0 || origins.length > MAX_BACKTEST_ORIGINS || origins[0]! < 1990) return invalid(['origins'], `expected 1990 ≤ from ≤ to, at most ${MAX_BACKTEST_ORIGINS} origins`);
  if (horizons.length === 0 || horizons[0]! < 1 || horizons.at(-1)! > MAX_BACKTEST_HORIZON) return invalid(['horizons'], `expected 1 ≤ from ≤ to ≤ ${MAX_BACKTEST_HORIZON}`);
  const samples = options.samples ?? BACKTEST_SAMPLES;
  const seed = options.seed ?? scenario.run?.seed ?? DEFAULT_SEED;
  const maxHorizon = horizons.at(-1)!;

  // the scenario's own projection, for the shape of its turnover growth
  const prepared = prepareRun(resolved, { paths: samples, seed, horizon: scenario.origin + maxHorizon });
  if (!prepared.ok) return prepared;
  context.onProgress?.({ stage: `simulating ${resolved.id} for the shape of its turnover growth`, done: 0, total: origins.length + 1 });
  const simulatedRun = await context.runner.simulate(prepared.run, context.signal ? { signal: context.signal } : {});
  if (!simulatedRun.ok) return CANCELLED;
  const simulated = simulatedRun.output;
  const summary = summariseOutput(simulated, prepared.run.plan.years);
  if (!summary.ok) return summary; // NaN or Infinity in the scenario's own projection
  const shape = scenarioShape(simulated.values[SERIES_TURNOVER]!, samples, maxHorizon, history.years.find((y) => y.year === scenario.origin)?.turnover ?? null);
  if (!shape) return invalid(['origin'], `no turnover in the data for the scenario's origin ${scenario.origin}`);
  const carPriors = carPriorsOf(prepared.run.plan.parameters);

  const forecasts: BacktestForecast[] = [];
  const skipped: BacktestResult['skipped'] = [];
  const turnoverByYear = new Map(history.years.map((y) => [y.year, y]));
  const lastDataYear = lastTurnoverYear(history);
  for (const [i, origin] of origins.entries()) {
    if (!(await checkpoint(context))) return CANCELLED;
    context.onProgress?.({ stage: `origin ${origin}`, done: i + 1, total: origins.length + 1 });
    const stream = createUniformStream(seed, STREAM_BACKTEST, origin);
    // — log turnover —
    const at = turnoverByYear.get(origin);
    const calibration = calibrate(history, { lastYear: origin });
    const fit = calibration.series.turnover.fit;
    if (!at || at.turnover === null) skipped.push({ series: 'log turnover', origin, reason: 'no turnover in the data for this year' });
    else if (at.flags.includes('suspect')) skipped.push({ series: 'log turnover', origin, reason: 'the level is flagged suspect (2015): no forecast is anchored on it' });
    else if (origin >= lastDataYear) skipped.push({ series: 'log turnover', origin, reason: 'no later data to score against' });
    else if (!fit || !fit.volatility || fit.drift.standardError === null || fit.drift.degreesOfFreedom < 1) skipped.push({ series: 'log turnover', origin, reason: 'too little data up to this origin to estimate drift and volatility' });
    else {
      const logLevel = log(at.turnover);
      const normals = Float64Array.from({ length: samples }, () => normalQuantile(stream.next()));
      const samplers: Partial<Record<Forecaster, ForecastSamples>> = {
        model: modelForecast(logLevel, fit, shape, stream),
        randomWalkDrift: randomWalkForecast(logLevel, fit.observations, true, normals) ?? undefined,
        noChange: randomWalkForecast(logLevel, fit.observations, false, normals) ?? undefined,
      };
      for (const horizon of horizons) {
        const outcome = turnoverByYear.get(origin + horizon);
        if (!outcome || outcome.turnover === null || outcome.flags.includes('suspect')) continue;
        for (const forecaster of TURNOVER_FORECASTERS) {
          const sampler = samplers[forecaster];
          if (!sampler) continue;
          forecasts.push(row('log turnover', forecaster, origin, horizon, log(outcome.turnover), scoreForecast(sampler(horizon), log(outcome.turnover))));
        }
      }
    }
    // — China's share of new-car sales —
    const carYears = Object.keys(history.carShareChina).map(Number).filter((y) => y <= origin).sort((a, b) => a - b);
    const carsLater = horizons.filter((h) => history.carShareChina[origin + h] !== undefined);
    if (!carPriors) skipped.push({ series: 'share.cars.china', origin, reason: 'the scenario has no cars sector' });
    else if (carYears.length < 2 || carYears.at(-1) !== origin) skipped.push({ series: 'share.cars.china', origin, reason: 'fewer than two car-share years up to this origin (the series starts in 2021)' });
    else if (carsLater.length === 0) skipped.push({ series: 'share.cars.china', origin, reason: 'no later car share to score against' });
    else {
      const path = { years: carYears, logOdds: carYears.map((y) => logit(history.carShareChina[y]!)) };
      for (const horizon of carsLater) {
        const observed = history.carShareChina[origin + horizon]!;
        for (const forecaster of TURNOVER_FORECASTERS) {
          const sample = carShareForecast(forecaster, path, horizon, carPriors, samples, stream);
          forecasts.push(row('share.cars.china', forecaster, origin, horizon, observed, scoreForecast(sample, observed)));
        }
      }
    }
  }

  return {
    ok: true,
    result: {
      kind: 'backtest',
      version: VERSION,
      scenario: resolved.id,
      name: scenario.name,
      inputHash: sha256Hex(canonicalJson({ scenario, history, origins, horizons, samples, seed })),
      seed,
      samples,
      origins,
      horizons,
      coverageLevels: [...COVERAGE_LEVELS],
      breakYear: BREAK_YEAR,
      scenarioVarianceRatio: [...shape.varianceRatio],
      forecasts,
      summary: summarise(forecasts),
      byHorizon: summariseByHorizon(forecasts, horizons),
      skipped,
      notes: [
        'log turnover — model: the scenario’s growth shape (spread by horizon, tails) re-anchored at each origin, drift and volatility re-calibrated on data up to the origin with their estimation uncertainty; benchmarks: random walk with the plug-in mean drift (break averaged in), and no change; all with the same data rules (2012 gap bridged, 2015 left out).',
        'share.cars.china — model: the scenario’s partial adjustment with its priors on speed and noise, target re-fitted to shares up to the origin. The scenario’s speed prior was itself informed by the 2021–2024 path, so this part is not fully out of sample.',
        'Forecasts from one origin at several horizons overlap, so they are not independent: the binomial coverage bands are narrower than the true sampling range.',
      ],
    },
  };
}

/**
 * A back-test for a parsed `POST /api/backtest` body. The scenario is resolved here, unless the
 * caller has resolved it already (`resolved`).
 */
export async function backtestFromRequest(request: BacktestRequest, resolved: ResolvedScenario | undefined, context: AnalysisContext): Promise<AnalysisOutcome<BacktestResult>> {
  const scenario = resolved ? { ok: true as const, resolved: [resolved] } : resolveRequestScenarios([request], () => []);
  if (!scenario.ok) return scenario;
  return backtest(scenario.resolved[0]!, backtestOptionsFromRequest(request), context);
}

/**
 * The work of a back-test: samples × (years of the scenario's own projection + the (origin,
 * horizon) pairs with an outcome in the data, each scored for three forecasters on up to two
 * series; one draw of a pair costs about what a simulated path-year does).
 */
export function backtestWork(resolved: ResolvedScenario, options: BacktestOptions = {}): WorkCount {
  const origins = range(options.origins ?? BACKTEST_ORIGINS);
  const horizons = range(options.horizons ?? BACKTEST_HORIZONS);
  const last = lastTurnoverYear(resolved.history);
  const pairs = origins.reduce((count, origin) => count + horizons.filter((h) => origin + h <= last).length, 0);
  const projected = horizons.length === 0 ? 0 : horizons.at(-1)!;
  const shape = planShape(resolved.scenario, resolved.scenario.origin + projected);
  const size = scenarioSize(shape);
  const factor: Factor =
    size === 1 ? ['(projected years + scored origin–horizon pairs)', projected + pairs] : [`(projected years × scenario size (sectors ÷ ${SCENARIO_SIZE_SECTORS}) + scored origin–horizon pairs)`, projected * size + pairs];
  // per draw: the scenario's own projection, its standardised growth by horizon, and an origin's forecasts and scores
  const memory = { fixedBytes: planBytes(shape), bytesPerUnit: outputBytesPerPath(shape, projected) + (2 * projected + FORECAST_NUMBERS_PER_DRAW) * Float64Array.BYTES_PER_ELEMENT };
  return { field: 'samples', value: options.samples ?? BACKTEST_SAMPLES, factors: [factor], memory };
}

/**
 * Numbers held per draw besides the projection: percentile workspaces, and an origin's
 * normals, drift and volatility, three forecasters' draws, their sorted copies and car shares
 * (24 bounds what was measured: 26.5 MB for 20,000 draws to 5 years, 20.1 MB of them the projection).
 */
const FORECAST_NUMBERS_PER_DRAW = 24;

/** backtestWork for a parsed `POST /api/backtest` body and its resolved scenario. */
export function backtestWorkFromRequest(request: BacktestRequest, resolved: ResolvedScenario): WorkOutcome {
  return { ok: true, work: backtestWork(resolved, backtestOptionsFromRequest(request)) };
}

function backtestOptionsFromRequest(request: BacktestRequest): BacktestOptions {
  const { origins, horizons, samples, seed } = request;
  return {
    ...(origins === undefined ? {} : { origins }),
    ...(horizons === undefined ? {} : { horizons }),
    ...(samples === undefined ? {} : { samples }),
    ...(seed === undefined ? {} : { seed }),
  };
}

/** The last year with a turnover in the data: no forecast is scored beyond it. */
function lastTurnoverYear(history: ResolvedScenario['history']): number {
  return Math.max(...history.years.filter((y) => y.turnover !== null).map((y) => y.year));
}

function row(series: BacktestForecast['series'], forecaster: Forecaster, origin: number, horizon: number, observed: number, score: ForecastScore): BacktestForecast {
  return { series, forecaster, origin, year: origin + horizon, horizon, observed, ...score, covered: [...score.covered] };
}

/** Standardised growth of the scenario's simulated turnover (see ScenarioShape). */
function scenarioShape(turnover: Float64Array, paths: number, horizons: number, originLevel: number | null): ScenarioShape | null {
  if (originLevel === null || !(originLevel > 0)) return null;
  const growth = Array.from({ length: horizons }, (_, h) => Float64Array.from({ length: paths }, (_, p) => log(turnover[h * paths + p]! / originLevel)));
  const moments = growth.map(meanAndVariance);
  const oneYearSd = Math.sqrt(moments[0]!.variance);
  return {
    standardised: growth.map((g, h) => g.map((v) => (v - moments[h]!.mean) / oneYearSd)),
    varianceRatio: moments.map((m) => m.variance / moments[0]!.variance),
  };
}

function carPriorsOf(parameters: readonly { name: string; distribution: Parameters<typeof createQuantileFunction>[0] }[]): CarPriors | null {
  const speed = parameters.find((p) => p.name === 'sectors.cars.adjustmentSpeed');
  const volatility = parameters.find((p) => p.name === 'sectors.cars.shareVolatility');
  if (!speed || !volatility) return null;
  return { adjustmentSpeed: createQuantileFunction(speed.distribution), shareVolatility: createQuantileFunction(volatility.distribution) };
}

function periodsOf(origin: number): BacktestSummary['period'][] {
  return [origin < BREAK_YEAR ? 'before 2022' : 'from 2022', 'all'];
}

function summarise(forecasts: readonly BacktestForecast[]): BacktestSummary[] {
  const out: BacktestSummary[] = [];
  for (const series of BACKTEST_SERIES) {
    for (const period of BACKTEST_PERIODS) {
      const group = forecasts.filter((f) => f.series === series && periodsOf(f.origin).includes(period));
      if (group.length === 0) continue;
      const crpsOf = (forecaster: Forecaster) => mean(group.filter((f) => f.forecaster === forecaster).map((f) => f.crps));
      for (const forecaster of TURNOVER_FORECASTERS) {
        const rows = group.filter((f) => f.forecaster === forecaster);
        if (rows.length === 0) continue;
        const crps = mean(rows.map((f) => f.crps));
        const histogram = new Array<number>(PIT_BINS).fill(0);
        for (const f of rows) histogram[Math.min(PIT_BINS - 1, Math.floor(f.pit * PIT_BINS))]!++;
        out.push({
          series,
          period,
          forecaster,
          count: rows.length,
          crps,
          pinball: mean(rows.map((f) => f.pinball)),
          coverage: COVERAGE_LEVELS.map((level, i) => ({ level, observed: mean(rows.map((f) => (f.covered[i] ? 1 : 0))), ...binomialInterval(rows.length, level, CONFIDENCE_LEVEL) })),
          pitHistogram: histogram,
          skill: forecaster === 'model' ? skillOf(crps, crpsOf('randomWalkDrift'), crpsOf('noChange')) : null,
        });
      }
    }
  }
  return out;
}

function summariseByHorizon(forecasts: readonly BacktestForecast[], horizons: readonly number[]): BacktestResult['byHorizon'] {
  const out: BacktestResult['byHorizon'] = [];
  for (const series of BACKTEST_SERIES) {
    for (const period of BACKTEST_PERIODS) {
      for (const horizon of horizons) {
        for (const forecaster of TURNOVER_FORECASTERS) {
          const rows = forecasts.filter((f) => f.series === series && f.horizon === horizon && f.forecaster === forecaster && periodsOf(f.origin).includes(period));
          if (rows.length > 0) out.push({ series, period, forecaster, horizon, count: rows.length, crps: mean(rows.map((f) => f.crps)) });
        }
      }
    }
  }
  return out;
}

/** 1 − CRPS_model/CRPS_benchmark against each benchmark; null when a benchmark has no forecasts. */
function skillOf(crps: number, randomWalkDrift: number, noChange: number): BacktestSummary['skill'] {
  const skill = { randomWalkDrift: 1 - crps / randomWalkDrift, noChange: 1 - crps / noChange };
  return Number.isFinite(skill.randomWalkDrift) && Number.isFinite(skill.noChange) ? skill : null;
}

function range({ from, to }: { readonly from: number; readonly to: number }): number[] {
  const out: number[] = [];
  for (let year = from; year <= to; year++) out.push(year);
  return out;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

function logit(share: number): number {
  return log(share / (1 - share));
}

function invalid(path: readonly (string | number)[], message: string): AnalysisOutcome<BacktestResult> {
  return { ok: false, issues: [{ path, message }] };
}
