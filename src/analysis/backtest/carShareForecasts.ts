import { normalQuantile } from '../../core/normalQuantile.js';
import type { QuantileFunction } from '../../core/quantileFunction.js';
import { targetForSpeed } from '../calibration/fitCarShare.js';
import type { UniformStream } from '../uniformStream.js';
import type { Forecaster } from './turnoverForecasts.js';
import { exp } from '../../core/exp.js';

/** Car-share observations up to the origin, as log-odds by year (the first is the base). */
export interface LogOddsPath {
  readonly years: readonly number[];
  readonly logOdds: readonly number[];
}

/** What the scenario says about cars: its priors on the speed λ and on the yearly noise of the log-odds. */
export interface CarPriors {
  readonly adjustmentSpeed: QuantileFunction;
  readonly shareVolatility: QuantileFunction;
}

/**
 * Forecasts of China's share of new-car sales h years after the origin, as samples of the share:
 * - model: the scenario's partial adjustment, ℓ_{t+1} = ℓ_t + λ(L* − ℓ_t) + σ·ε, with λ and σ
 *   drawn from the scenario's priors and, for each λ, the target L* re-fitted by least squares to
 *   the path observed up to the origin (from the first year), so the target uses no later data;
 * - randomWalkDrift: ℓ_T + h·(ℓ_T − ℓ_base)/(T − base) + σ·√h·ε;
 * - noChange: ℓ_T + σ·√h·ε;
 * all three with σ from the same prior draws, so they differ only in where they centre.
 */
export function carShareForecast(forecaster: Forecaster, path: LogOddsPath, horizon: number, priors: CarPriors, draws: number, stream: UniformStream): Float64Array {
  const last = path.logOdds.at(-1)!;
  const base = path.logOdds[0]!;
  const span = path.years.at(-1)! - path.years[0]!;
  const out = new Float64Array(draws);
  for (let p = 0; p < draws; p++) {
    const speed = priors.adjustmentSpeed(stream.next());
    const sigma = priors.shareVolatility(stream.next());
    let logOdds = last;
    if (forecaster === 'model') {
      const target = targetForSpeed(path.years, path.logOdds, speed);
      for (let h = 0; h < horizon; h++) logOdds += speed * (target - logOdds) + sigma * normalQuantile(stream.next());
    } else {
      const drift = forecaster === 'randomWalkDrift' && span > 0 ? (last - base) / span : 0;
      logOdds += horizon * drift + sigma * Math.sqrt(horizon) * normalQuantile(stream.next());
    }
    out[p] = 1 / (1 + exp(-logOdds));
  }
  return out;
}
