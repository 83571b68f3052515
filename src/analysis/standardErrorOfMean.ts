import type { Sampling } from '../core/modelPlan.js';
import { meanAndVariance } from './meanAndVariance.js';

/**
 * The mean over paths of `values` (one per path, in path order) and its Monte Carlo standard
 * error. Independent paths: √(variance/n). Antithetic pairs (paths 2i and 2i + 1, modelPlan.ts
 * SAMPLINGS) are the independent units instead: Var(mean) = Σ_pairs (x₂ᵢ + x₂ᵢ₊₁ − 2·mean)²/n²,
 * plus (x − mean)²/n² for an unpaired last path — the usual variance/n when a pair's two paths
 * are uncorrelated, less when they are negatively correlated, as antithetic pairs are meant to be.
 */
export function meanAndStandardError(values: ArrayLike<number>, sampling: Sampling): { readonly mean: number; readonly standardError: number } {
  const n = values.length;
  const { mean, variance } = meanAndVariance(values);
  if (sampling === 'independent') return { mean, standardError: Math.sqrt(variance / n) };
  let deviations = 0;
  for (let p = 0; p + 1 < n; p += 2) {
    const d = values[p]! + values[p + 1]! - 2 * mean;
    deviations += d * d;
  }
  if (n % 2) deviations += (values[n - 1]! - mean) * (values[n - 1]! - mean);
  return { mean, standardError: Math.sqrt(deviations) / n };
}
