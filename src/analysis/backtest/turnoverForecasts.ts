import { normalQuantile } from '../../core/normalQuantile.js';
import type { GrowthFit } from '../calibration/fitGrowth.js';
import type { GrowthObservation } from '../calibration/growthObservations.js';
import type { UniformStream } from '../uniformStream.js';

/** The forecasters of log turnover compared in the back-test. */
export const TURNOVER_FORECASTERS = ['model', 'randomWalkDrift', 'noChange'] as const;
export type Forecaster = (typeof TURNOVER_FORECASTERS)[number];

/**
 * The scenario's turnover dynamics as a shape: per simulated path p and horizon h, the log growth
 * G_{h,p} = ln TO_{origin+h} − ln TO_origin of the scenario's own projection, centred per
 * horizon and scaled by the standard deviation of the one-year growth:
 * Z_{h,p} = (G_{h,p} − mean_h)/sd(G_1). It keeps how the scenario's spread grows with the
 * horizon (oil mean reversion, persistent sanctions regimes, parameter uncertainty) and its
 * tails and skew, and drops its level and drift, which the back-test re-calibrates.
 */
export interface ScenarioShape {
  /** Z by horizon (index h − 1), `paths` values each */
  readonly standardised: readonly Float64Array[];
  /** Var(G_h)/Var(G_1) by horizon: h for a random walk */
  readonly varianceRatio: readonly number[];
}

/** A level forecast of log turnover: one sample per horizon. */
export type ForecastSamples = (horizon: number) => Float64Array;

/**
 * The model's forecast from an origin: ln y_T + h·μ_p + σ_p·Z_{h,p}, with (μ_p, σ_p) drawn per
 * path from the estimation uncertainty of the re-calibrated drift and volatility (data up to the
 * origin only): σ_p² = σ̂²·ν/χ²_ν, μ_p = μ̂ + σ_p·(SE/σ̂)·z — the joint posterior of a regression's
 * coefficient and scale under the usual non-informative prior (Gelman et al., "Bayesian Data
 * Analysis", 3rd ed., §14.2), whose marginal for μ is μ̂ + SE·t_ν.
 */
export function modelForecast(logLevel: number, fit: GrowthFit, shape: ScenarioShape, stream: UniformStream): ForecastSamples {
  const drift = fit.drift;
  const sigma = fit.volatility!.estimate;
  const nu = drift.degreesOfFreedom;
  const scale = drift.standardError! / sigma;
  const paths = shape.standardised[0]!.length;
  const mu = new Float64Array(paths);
  const sd = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    let chiSquare = 0;
    for (let i = 0; i < nu; i++) {
      const z = normalQuantile(stream.next());
      chiSquare += z * z;
    }
    sd[p] = sigma * Math.sqrt(nu / chiSquare);
    mu[p] = drift.estimate + sd[p]! * scale * normalQuantile(stream.next());
  }
  return (horizon) => {
    const z = shape.standardised[horizon - 1]!;
    return Float64Array.from({ length: paths }, (_, p) => logLevel + horizon * mu[p]! + sd[p]! * z[p]!);
  };
}

/**
 * Random walk with drift, the textbook benchmark: ln y_{T+h} ~ N(ln y_T + h·μ̄, h·σ̄²) with the
 * plug-in drift μ̄ = Σ Δ / Σ h (the mean yearly log change, gaps bridged, the 2022 break averaged
 * in) and σ̄ from the same observations; no estimation uncertainty. With `drift` false it is
 * the no-change forecast (a driftless random walk with the same σ̄).
 */
export function randomWalkForecast(logLevel: number, observations: readonly GrowthObservation[], withDrift: boolean, normals: Float64Array): ForecastSamples | null {
  const n = observations.length;
  if (n < 2) return null;
  const years = observations.reduce((sum, o) => sum + o.years, 0);
  const driftEstimate = observations.reduce((sum, o) => sum + o.logChange, 0) / years;
  const squares = observations.reduce((sum, o) => {
    const residual = o.logChange - o.years * driftEstimate;
    return sum + (residual * residual) / o.years;
  }, 0);
  const sigma = Math.sqrt(squares / (n - 1));
  const drift = withDrift ? driftEstimate : 0;
  return (horizon) => Float64Array.from(normals, (z) => logLevel + horizon * drift + Math.sqrt(horizon) * sigma * z);
}
