import { DEFAULT_SEED, SCENARIO_SIZE_SECTORS } from '../../core/defaults.js';
import { log } from '../../core/log.js';
import type { ModelFailure } from '../../core/modelFailure.js';
import { SERIES_EXPORTS, SERIES_IMPORTS, SERIES_TURNOVER, type SimulationOutput } from '../../core/simulationOutput.js';
import type { History } from '../../scenario/history.js';
import type { ResolvedScenario } from '../../scenario/loadScenario.js';
import { canonicalJson, sha256Hex } from '../../scenario/sha256.js';
import { prepareRun, type PreparedRun } from '../../run/preparedRun.js';
import { outputBytesPerPath, planBytes, planShape, scenarioSize } from '../../run/runCost.js';
import type { Factor, WorkCount, WorkOutcome } from '../../run/workCount.js';
import { VERSION } from '../../version.js';
import { CANCELLED, checkpoint, type AnalysisContext, type AnalysisOutcome } from '../analysisContext.js';
import { computeFromRequest, scenarioAtTopLevel, workFromRequest, type AnalysisDescriptor } from '../analysisDescriptor.js';
import { estimateDrivers } from '../calibration/driverEstimates.js';
import { centreOf } from '../rebase/rebaseScenario.js';
import { meanAndVariance } from '../meanAndVariance.js';
import {
  BACKTEST_FIRST_ORIGIN,
  BACKTEST_HORIZONS,
  BACKTEST_OTHER_ENERGY_SHARE,
  BACKTEST_SAMPLES,
  BREAK_YEAR,
  COVERAGE_LEVELS,
  MAX_BACKTEST_HORIZON,
  MAX_BACKTEST_ORIGINS,
  STREAM_BACKTEST,
} from '../defaults.js';
import { createUniformStream } from '../uniformStream.js';
import { BACKTEST_SERIES, evaluate, inputShares, type BacktestForecast, type BacktestSeries, type Forecaster } from './backtestScores.js';
import { backtestSummaries, summariseByHorizon } from './backtestSummary.js';
import { benchmarkForecasts, carPriorsOf, outcomesAfter } from './outcomesAndBenchmarks.js';
import { originState } from './originState.js';
import { scoreForecast } from './scoreForecast.js';
import { BACKTEST_MODES, structuralOrigin, type BacktestMode } from './structuralScenario.js';

import { backtestRequestSchema, backtestResultSchema, type BacktestRequest, type BacktestResult } from './backtestResult.js';

export { BACKTEST_PERIODS, BACKTEST_SERIES, type BacktestForecast } from './backtestScores.js';
export { backtestRequestSchema, backtestResultSchema, type BacktestRequest, type BacktestResult } from './backtestResult.js';

export interface BacktestOptions {
  readonly origins?: { readonly from: number; readonly to: number };
  readonly horizons?: { readonly from: number; readonly to: number };
  readonly samples?: number;
  readonly seed?: number;
}

const SERIES_INDEX: Readonly<Record<Exclude<BacktestSeries, 'share.cars.china'>, number>> = {
  'log turnover': SERIES_TURNOVER,
  'log exportsToChina': SERIES_EXPORTS,
  'log importsFromChina': SERIES_IMPORTS,
};

/**
 * The structural back-test (docs/model-card.md): at every origin the data allow, the engine is
 * restarted from that year's data (`structuralOrigin`) and forecasts 1–5 years ahead, ex ante
 * (drivers simulated) and ex post (drivers pinned to what happened); each forecast is scored
 * against the outcome next to a random walk with drift and no change fitted to the same data
 * (Tashman, "Out-of-sample tests of forecasting accuracy", Int. J. Forecast. 16:437–450, 2000).
 */
export async function backtest(resolved: ResolvedScenario, options: BacktestOptions, context: AnalysisContext): Promise<AnalysisOutcome<BacktestResult>> {
  const { scenario, history } = resolved;
  const lastDataYear = lastTurnoverYear(history);
  const origins = range(options.origins ?? defaultOrigins(history));
  const horizons = range(options.horizons ?? BACKTEST_HORIZONS);
  if (origins.length === 0 || origins.length > MAX_BACKTEST_ORIGINS) return invalid(['origins'], `expected from ≤ to, at most ${MAX_BACKTEST_ORIGINS} origins`);
  if (horizons.length === 0 || horizons[0]! < 1 || horizons.at(-1)! > MAX_BACKTEST_HORIZON) return invalid(['horizons'], `expected 1 ≤ from ≤ to ≤ ${MAX_BACKTEST_HORIZON}`);
  if (!history.drivers || history.drivers.length === 0)
    return invalid(
      ['data', 'drivers'],
      'the back-test restarts the model at past origins from their oil price, rouble and crude volume: name the driver tables under data.drivers (e.g. [data/drivers_history.csv, data/drivers.csv])',
    );
  const elasticity = centreOf(scenario.exports.otherEnergyOilElasticity, Object.fromEntries(Object.entries(scenario.knobs).map(([name, knob]) => [name, knob.value])));
  if (typeof elasticity === 'string') return invalid(['exports', 'otherEnergyOilElasticity'], elasticity);
  const otherEnergy = { otherEnergyShare: BACKTEST_OTHER_ENERGY_SHARE, otherEnergyElasticity: elasticity };
  const samples = options.samples ?? BACKTEST_SAMPLES;
  const seed = options.seed ?? scenario.run?.seed ?? DEFAULT_SEED;
  const maxHorizon = horizons.at(-1)!;
  const total = origins.length + 1;

  // the scenario's own projection: how its spread grows with the horizon (its paths are let go
  // before the origins run, so a back-test holds one run's paths at a time)
  context.onProgress?.({ stage: `simulating ${resolved.id} for the spread of its own projection`, done: 0, total });
  const spread = await ownSpread(resolved, samples, seed, maxHorizon, context);
  if (!spread.ok) return spread.outcome;
  const scenarioVarianceRatio = spread.ratios;

  const forecasts: BacktestForecast[] = [];
  const skipped: BacktestResult['skipped'] = [];
  const setup: BacktestResult['setup'] = [];
  const carPriors = carPriorsOf(spread.parameters);
  for (const [i, origin] of origins.entries()) {
    if (!(await checkpoint(context))) return CANCELLED;
    context.onProgress?.({ stage: `origin ${origin}`, done: i + 1, total });
    const skipAll = (reason: string) => BACKTEST_SERIES.forEach((series) => skipped.push({ series, origin, reason }));
    if (origin >= lastDataYear) {
      skipAll('no later data to score against');
      continue;
    }
    const found = originState(history, origin);
    if (!found.ok) {
      skipAll(found.reason);
      continue;
    }
    const { state } = found;
    const outcomes = outcomesAfter(history, origin, horizons);
    const estimates = estimateDrivers(history, origin, otherEnergy);
    const stream = createUniformStream(seed, STREAM_BACKTEST, origin);
    const benchmarks = benchmarkForecasts(history, state, horizons, samples, stream, carPriors);
    for (const series of BACKTEST_SERIES) {
      if (!benchmarks.has(series)) skipped.push({ series, origin, reason: benchmarks.reason(series) });
      else if (outcomes[series].size === 0) skipped.push({ series, origin, reason: 'no outcome in the data within the horizons' });
    }
    for (const mode of BACKTEST_MODES) {
      const restarted = structuralOrigin(resolved, state, estimates, otherEnergy, { mode, horizon: origin + maxHorizon, lastDataYear });
      if (mode === 'exAnte') {
        setup.push({
          origin,
          form: restarted.form,
          split: state.splitBasis,
          oilPrice: state.drivers.oilPrice.value,
          oilProxy: state.drivers.oilPrice.proxy,
          regime: restarted.resolved.scenario.regimes.initial,
          notes: [...restarted.notes],
        });
      }
      const prepared = prepareRun(restarted.resolved, { paths: samples, seed, horizon: origin + maxHorizon });
      if (!prepared.ok) {
        if (mode === 'exAnte') skipAll(`the model cannot be restarted here: ${prepared.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
        break;
      }
      const simulated = await context.runner.simulate(prepared.run, context.signal ? { signal: context.signal } : {});
      if (!simulated.ok) return CANCELLED;
      const { output } = simulated;
      for (const series of BACKTEST_SERIES) {
        if (!benchmarks.has(series)) continue;
        const column = seriesColumn(output, series);
        if (column === null) {
          if (mode === 'exAnte') skipped.push({ series, origin, reason: 'the data state no car share at this origin (a reduced origin has no sectors)' });
          continue;
        }
        for (const [horizon, observed] of outcomes[series]) {
          const y = horizon - 1;
          const sample = Float64Array.from({ length: samples }, (_, p) => transform(series, column[y * samples + p]!));
          forecasts.push(row(series, mode, 'model', origin, horizon, observed, sample));
          if (mode === 'exAnte')
            for (const forecaster of ['randomWalkDrift', 'noChange'] as const) forecasts.push(row(series, mode, forecaster, origin, horizon, observed, benchmarks.sample(series, forecaster, horizon)));
        }
      }
    }
  }

  const evaluations = evaluate(forecasts);
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
      scenarioVarianceRatio,
      setup,
      forecasts,
      evaluations,
      inputShares: inputShares(forecasts),
      summary: backtestSummaries(evaluations),
      byHorizon: summariseByHorizon(forecasts, horizons),
      skipped,
      notes: NOTES,
    },
  };
}

const NOTES = [
  'The engine itself is restarted at each origin from that year’s data; its data-based parameters are re-estimated from data up to the origin (docs/model-card.md states the rules, fixed before any score was computed).',
  'exAnte: the oil price, rouble, crude volume and regime are simulated from the origin; exPost: they are pinned to what happened (the observations mechanism), so the gap between the two is the error due to the inputs.',
  'Benchmarks (exAnte only): random walk with the plug-in mean drift and no change, on the same data up to the origin (log-odds for the car share).',
  'Forecasts from one origin at several horizons share their path: standard errors are clustered by origin; forecasts of one year from neighbouring origins share their outcome, which the clustering does not cover.',
];

/**
 * A back-test for a parsed `POST /api/backtest` body. The scenario is resolved here, unless the
 * caller has resolved it already (`resolved`).
 */
export function backtestFromRequest(request: BacktestRequest, resolved: ResolvedScenario | undefined, context: AnalysisContext): Promise<AnalysisOutcome<BacktestResult>> {
  return computeFromRequest(backtestAnalysis, request, resolved && [resolved], context);
}

/** The work of a back-test: samples × projected years, for the scenario's own projection and two runs (ex ante, ex post) per origin. */
export function backtestWork(resolved: ResolvedScenario, options: BacktestOptions = {}): WorkCount {
  const origins = range(options.origins ?? defaultOrigins(resolved.history));
  const horizons = range(options.horizons ?? BACKTEST_HORIZONS);
  const years = horizons.length === 0 ? 0 : horizons.at(-1)!;
  const shape = planShape(resolved.scenario, resolved.scenario.origin + years);
  const size = scenarioSize(shape);
  const projected: Factor = size === 1 ? ['projected years', years] : [`projected years × scenario size (sectors ÷ ${SCENARIO_SIZE_SECTORS})`, years * size];
  // per draw: one run's projection at a time, its standardised growth by horizon, and an origin's forecasts and scores
  const memory = { fixedBytes: planBytes(shape), bytesPerUnit: outputBytesPerPath(shape, years) + (2 * years + FORECAST_NUMBERS_PER_DRAW) * Float64Array.BYTES_PER_ELEMENT };
  return { field: 'samples', value: options.samples ?? BACKTEST_SAMPLES, factors: [projected, ['runs (2 per origin + the projection)', 2 * origins.length + 1]], memory };
}

/**
 * Numbers held per draw besides one run's paths: percentile workspaces (the WebAssembly kernel
 * also copies a block into its own memory), and an origin's normals, drift and volatility,
 * three forecasters' draws, their sorted copies and car shares. 48 bounds what was measured for
 * 20,000 draws to 5 years (origins 2019–2023): a peak of 20.6 MB (TypeScript kernel) and 22.7 MB
 * (WebAssembly) in a process of its own, up to 27.8 MB inside the test runner; the estimate is 29.7 MB.
 */
const FORECAST_NUMBERS_PER_DRAW = 48;

/** backtestWork for a parsed `POST /api/backtest` body and its resolved scenario. */
export function backtestWorkFromRequest(request: BacktestRequest, resolved: ResolvedScenario): WorkOutcome {
  return workFromRequest(backtestAnalysis, request, [resolved]);
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

function defaultOrigins(history: History): { from: number; to: number } {
  const first = history.years.find((y) => y.turnover !== null)?.year ?? BACKTEST_FIRST_ORIGIN;
  return { from: Math.max(BACKTEST_FIRST_ORIGIN, first), to: lastTurnoverYear(history) - 1 };
}

/** The last year with a turnover in the data: no forecast is scored beyond it. */
function lastTurnoverYear(history: History): number {
  return Math.max(...history.years.filter((y) => y.turnover !== null).map((y) => y.year));
}

/** A series' values over the run's years and paths, or null when the run does not have it (no cars sector). */
function seriesColumn(output: SimulationOutput, series: BacktestSeries): Float64Array | null {
  if (series === 'share.cars.china') {
    const index = output.series.findIndex((s) => s.name === 'share.cars.china');
    return index < 0 ? null : output.values[index]!;
  }
  return output.values[SERIES_INDEX[series]]!;
}

function transform(series: BacktestSeries, value: number): number {
  return series === 'share.cars.china' ? value : log(value);
}

function row(series: BacktestSeries, mode: BacktestMode, forecaster: Forecaster, origin: number, horizon: number, observed: number, sample: Float64Array): BacktestForecast {
  const score = scoreForecast(sample, observed);
  return { series, mode, forecaster, origin, year: origin + horizon, horizon, observed, ...score, covered: [...score.covered] };
}

/** The variance ratios of the scenario's own projection by horizon (`varianceRatios`) and its parameters, or why there are none. */
async function ownSpread(
  resolved: ResolvedScenario,
  samples: number,
  seed: number,
  maxHorizon: number,
  context: AnalysisContext,
): Promise<
  | { readonly ok: true; readonly ratios: ReturnType<typeof varianceRatios>; readonly parameters: PreparedRun['plan']['parameters'] }
  | { readonly ok: false; readonly outcome: AnalysisOutcome<BacktestResult> }
> {
  const { scenario, history } = resolved;
  const projection = prepareRun(resolved, { paths: samples, seed, horizon: scenario.origin + maxHorizon });
  if (!projection.ok) return { ok: false, outcome: projection };
  const projected = await context.runner.simulate(projection.run, context.signal ? { signal: context.signal } : {});
  if (!projected.ok) return { ok: false, outcome: CANCELLED };
  const nonFinite = firstNonFinite(projected.output, projection.run.plan.years);
  if (nonFinite) return { ok: false, outcome: { ok: false, failure: nonFinite } };
  const originTurnover = history.years.find((y) => y.year === scenario.origin)?.turnover ?? null;
  return { ok: true, ratios: varianceRatios(projected.output, samples, originTurnover), parameters: projection.run.plan.parameters };
}

/** The first series and year of a run with NaN or ±Infinity on some path, as a model failure. */
function firstNonFinite(output: SimulationOutput, years: readonly number[]): ModelFailure | null {
  const { paths } = output;
  for (let s = 0; s < output.values.length; s++) {
    for (let y = 0; y < output.yearCount; y++) {
      let count = 0;
      for (let p = 0; p < paths; p++) if (!Number.isFinite(output.values[s]![y * paths + p]!)) count++;
      if (count > 0) return { kind: 'non-finite-output', series: output.series[s]!.name, year: years[y]!, paths: count };
    }
  }
  return null;
}

/** Var(G_h)/Var(G_1) of the log growth of the scenario's own turnover projection, by horizon. */
function varianceRatios(output: SimulationOutput, paths: number, originLevel: number | null): number[] {
  if (originLevel === null || !(originLevel > 0)) return [];
  const turnover = output.values[SERIES_TURNOVER]!;
  const variances = Array.from({ length: output.yearCount }, (_, h) => meanAndVariance(Float64Array.from({ length: paths }, (_, p) => log(turnover[h * paths + p]! / originLevel))).variance);
  return variances.map((v) => v / variances[0]!);
}

function range({ from, to }: { readonly from: number; readonly to: number }): number[] {
  const out: number[] = [];
  for (let year = from; year <= to; year++) out.push(year);
  return out;
}

function invalid(path: readonly (string | number)[], message: string): AnalysisOutcome<BacktestResult> {
  return { ok: false, issues: [{ path, message }] };
}

/** A back-test, as `tradecast backtest` and `POST /api/backtest` run it. */
export const backtestAnalysis: AnalysisDescriptor<BacktestRequest, ResolvedScenario, BacktestOptions, BacktestResult, typeof backtestRequestSchema> = {
  command: 'backtest',
  what: 'back-test',
  field: 'samples',
  unit: 'steps',
  request: backtestRequestSchema,
  result: backtestResultSchema,
  scenarios: scenarioAtTopLevel,
  fromRequest: (body, [resolved]) => ({ ok: true, inputs: resolved!, options: backtestOptionsFromRequest(body) }),
  work: (resolved, options) => ({ ok: true, work: backtestWork(resolved, options) }),
  compute: backtest,
};
