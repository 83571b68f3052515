import { log } from '../../core/log.js';
import { normalQuantile } from '../../core/normalQuantile.js';
import { createQuantileFunction } from '../../core/quantileFunction.js';
import type { History } from '../../scenario/history.js';
import { growthObservations } from '../calibration/growthObservations.js';
import type { createUniformStream } from '../uniformStream.js';
import { BACKTEST_SERIES, type BacktestSeries, type Forecaster } from './backtestScores.js';
import { carShareForecast, type CarPriors } from './carShareForecasts.js';
import type { OriginState } from './originState.js';
import { randomWalkForecast } from './randomWalkForecast.js';

/** The trade totals behind each log series. */
export const LEVEL_OF = { 'log turnover': 'turnover', 'log exportsToChina': 'exportsToChina', 'log importsFromChina': 'importsFromChina' } as const;

/** Each series' outcomes within the horizons (horizon → value: ln US$ bn, or a share), stated and not suspect. */
export function outcomesAfter(history: History, origin: number, horizons: readonly number[]): Record<BacktestSeries, Map<number, number>> {
  const out = Object.fromEntries(BACKTEST_SERIES.map((s) => [s, new Map<number, number>()])) as Record<BacktestSeries, Map<number, number>>;
  for (const horizon of horizons) {
    const row = history.years.find((y) => y.year === origin + horizon);
    if (row && !row.flags.includes('suspect')) {
      for (const series of ['log turnover', 'log exportsToChina', 'log importsFromChina'] as const) {
        const level = row[LEVEL_OF[series]];
        if (level !== null && level > 0) out[series].set(horizon, log(level));
      }
    }
    const share = history.carShareChina[origin + horizon];
    if (share !== undefined) out['share.cars.china'].set(horizon, share);
  }
  return out;
}

export interface Benchmarks {
  has(series: BacktestSeries): boolean;
  reason(series: BacktestSeries): string;
  sample(series: BacktestSeries, forecaster: Exclude<Forecaster, 'model'>, horizon: number): Float64Array;
}

/** Random walk with drift and no change for each series, fitted to the data up to the origin and started from the origin's state. */
export function benchmarkForecasts(
  history: History,
  state: OriginState,
  horizons: readonly number[],
  samples: number,
  stream: ReturnType<typeof createUniformStream>,
  carPriors: CarPriors | null,
): Benchmarks {
  const normals = Float64Array.from({ length: samples }, () => normalQuantile(stream.next()));
  const samplers = new Map<BacktestSeries, Record<'randomWalkDrift' | 'noChange', (h: number) => Float64Array>>();
  const reasons = new Map<BacktestSeries, string>();
  for (const series of ['log turnover', 'log exportsToChina', 'log importsFromChina'] as const) {
    const name = LEVEL_OF[series];
    const levels = history.years.filter((y) => y.year <= state.year).map((y) => ({ year: y.year, value: y.flags.includes('suspect') ? null : y[name] }));
    const observations = growthObservations(levels);
    const start = log(state[name]);
    const drift = randomWalkForecast(start, observations, true, normals);
    const flat = randomWalkForecast(start, observations, false, normals);
    if (drift && flat) samplers.set(series, { randomWalkDrift: drift, noChange: flat });
    else reasons.set(series, 'fewer than two stated changes up to this origin for the benchmarks');
  }
  const carYears = Object.keys(history.carShareChina)
    .map(Number)
    .filter((y) => y <= state.year)
    .sort((a, b) => a - b);
  if (!carPriors) reasons.set('share.cars.china', 'the scenario has no cars sector');
  else if (carYears.length < 2 || carYears.at(-1) !== state.year) reasons.set('share.cars.china', 'fewer than two car-share years up to this origin (the series starts in 2021)');
  else {
    const path = { years: carYears, logOdds: carYears.map((y) => log(history.carShareChina[y]! / (1 - history.carShareChina[y]!))) };
    const draws = new Map<string, Float64Array>();
    for (const forecaster of ['randomWalkDrift', 'noChange'] as const) for (const h of horizons) draws.set(`${forecaster}${h}`, carShareForecast(forecaster, path, h, carPriors, samples, stream));
    samplers.set('share.cars.china', { randomWalkDrift: (h) => draws.get(`randomWalkDrift${h}`)!, noChange: (h) => draws.get(`noChange${h}`)! });
  }
  return {
    has: (series) => samplers.has(series),
    reason: (series) => reasons.get(series) ?? '',
    sample: (series, forecaster, horizon) => Float64Array.from(samplers.get(series)![forecaster](horizon)),
  };
}

/** The scenario's prior on the yearly noise of the car share's log-odds, for the benchmarks (null without a cars sector). */
export function carPriorsOf(parameters: readonly { name: string; distribution: Parameters<typeof createQuantileFunction>[0] }[]): CarPriors | null {
  const volatility = parameters.find((p) => p.name === 'sectors.cars.shareVolatility');
  return volatility ? { shareVolatility: createQuantileFunction(volatility.distribution) } : null;
}
