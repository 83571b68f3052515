import { normalCdf } from './normalCdf.js';
import { exp } from './exp.js';

/**
 * CRPS of a normal forecast N(mean, sd²) at observation y, in closed form
 * (Gneiting, Raftery, Westveld & Goldman, Mon. Weather Rev. 133:1098–1118, 2005, eq. 5;
 * Gneiting & Raftery, JASA 2007, §4.2):
 *   CRPS = σ·[z(2Φ(z) − 1) + 2φ(z) − 1/√π],  z = (y − μ)/σ.
 * Check value: CRPS(N(0, 1), −3) = 2.43657473 (scoringRules' test suite).
 */
export function crpsNormal(mean: number, sd: number, observation: number): number {
  if (sd <= 0) return Math.abs(observation - mean);
  const z = (observation - mean) / sd;
  const density = exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return sd * (z * (2 * normalCdf(z) - 1) + 2 * density - 1 / Math.sqrt(Math.PI));
}
