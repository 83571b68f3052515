import type { SortedSample } from './sortedSample.js';

/**
 * Continuous ranked probability score of a forecast given as a sample, in the fair form
 * (lower is better; same unit as the observation):
 *
 *   CRPS_fair(x, y) = (1/M)·Σᵢ |xᵢ − y| − 1/(2M(M − 1))·Σᵢ Σⱼ |xᵢ − xⱼ|
 *
 * The kernel (energy) form of the CRPS is Gneiting & Raftery, "Strictly proper scoring rules,
 * prediction, and estimation", JASA 102(477):359–378, 2007, eq. (21): E|X − y| − ½E|X − X′|.
 * Replacing the plug-in ½·mean|xᵢ − xⱼ| over all M² pairs by the unbiased mean over the
 * M(M − 1) distinct pairs gives the "fair" score of Ferro, "Fair scores for ensemble
 * forecasts", QJRMS 140:1917–1923, 2014; it is among the sample estimators compared by Zamo &
 * Naveau, Math. Geosci. 50:209–234, 2018): for M ≥ 2 independent draws its expectation is the
 * CRPS of the distribution the sample was drawn from.
 *
 * With the sample sorted, Σᵢ Σⱼ |xᵢ − xⱼ| = 2·Σᵢ (2i − M − 1)·x₍ᵢ₎ (i = 1…M), so the score
 * costs O(M) after an O(M log M) sort instead of O(M²). For M = 1 the second term is 0/0;
 * the score is then the absolute error of the single value (a point forecast's CRPS).
 */
export function crpsSample(sorted: SortedSample, observation: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  let absoluteError = 0;
  let spread = 0;
  for (let i = 0; i < m; i++) {
    const x = sorted[i]!;
    absoluteError += Math.abs(x - observation);
    spread += (2 * (i + 1) - m - 1) * x;
  }
  if (m === 1) return absoluteError;
  return absoluteError / m - spread / (m * (m - 1));
}
