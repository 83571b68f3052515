import type { GrowthObservation } from '../calibration/growthObservations.js';

/** A level forecast of a log series: one sample per horizon. */
export type ForecastSamples = (horizon: number) => Float64Array;

/**
 * Random walk with drift, the textbook benchmark: ln y_{T+h} ~ N(ln y_T + h·μ̄, h·σ̄²) with the
 * plug-in drift μ̄ = Σ Δ / Σ h (the mean yearly log change, gaps bridged, the 2022 break averaged
 * in) and σ̄ from the same observations; no estimation uncertainty. With `drift` false it is
 * the no-change forecast (a driftless random walk with the same σ̄).
 * Hand-written: drift and σ̄ weight each change by its span in years, which simple-statistics' mean
 * and standard deviation do not.
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
