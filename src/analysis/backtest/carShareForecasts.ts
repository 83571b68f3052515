import { normalQuantile } from '../../core/normalQuantile.js';
import type { QuantileFunction } from '../../core/quantileFunction.js';
import type { UniformStream } from '../uniformStream.js';
import { exp } from '../../core/exp.js';

/** Car-share observations up to the origin, as log-odds by year (the first is the base). */
export interface LogOddsPath {
  readonly years: readonly number[];
  readonly logOdds: readonly number[];
}

/** What the scenario says about cars: its prior on the yearly noise of the log-odds. */
export interface CarPriors {
  readonly shareVolatility: QuantileFunction;
}

/**
 * The benchmarks' forecasts of China's share of new-car sales h years after the origin, as
 * samples of the share, on the log-odds ℓ:
 * - randomWalkDrift: ℓ_T + h·(ℓ_T − ℓ_base)/(T − base) + σ·√h·ε;
 * - noChange: ℓ_T + σ·√h·ε;
 * with σ drawn from the scenario's prior on the yearly noise of the log-odds (the model's own
 * forecast is the engine's cars sector, see structuralScenario.ts).
 */
export function carShareForecast(forecaster: 'randomWalkDrift' | 'noChange', path: LogOddsPath, horizon: number, priors: CarPriors, draws: number, stream: UniformStream): Float64Array {
  const last = path.logOdds.at(-1)!;
  const base = path.logOdds[0]!;
  const span = path.years.at(-1)! - path.years[0]!;
  const drift = forecaster === 'randomWalkDrift' && span > 0 ? (last - base) / span : 0;
  const out = new Float64Array(draws);
  for (let p = 0; p < draws; p++) {
    const sigma = priors.shareVolatility(stream.next());
    out[p] = 1 / (1 + exp(-(last + horizon * drift + sigma * Math.sqrt(horizon) * normalQuantile(stream.next()))));
  }
  return out;
}
