import { chiSquareQuantile } from '../../core/chiSquareQuantile.js';
import { studentTCdf } from '../../core/studentTCdf.js';
import { studentTQuantile } from '../../core/studentTQuantile.js';

/**
 * Evenly spaced quantiles, at probabilities (i − ½)/count, of the sampling distribution of an
 * estimate: written as an `empirical` distribution, they make a scenario draw the parameter
 * with the uncertainty of its estimate rather than as if it were known.
 */

/**
 * Drift-type estimate: estimate + SE·t_ν (the posterior of a regression coefficient under the
 * usual non-informative prior, Gelman et al., "Bayesian Data Analysis", 3rd ed., §14.2), truncated
 * to [min, max] when given (quantiles spread over the t mass inside the bounds).
 */
export function studentTDraws(estimate: number, standardError: number, degreesOfFreedom: number, count: number, min = -Infinity, max = Infinity): number[] {
  const lower = studentTCdf((min - estimate) / standardError, degreesOfFreedom);
  const upper = studentTCdf((max - estimate) / standardError, degreesOfFreedom);
  return Array.from({ length: count }, (_, i) => {
    const p = lower + ((i + 0.5) / count) * (upper - lower);
    const value = estimate + standardError * studentTQuantile(p, degreesOfFreedom);
    return Math.min(max, Math.max(min, value));
  });
}

/** Volatility estimate σ̂ with ν degrees of freedom: σ = σ̂·√(ν/χ²_ν) (same posterior, §14.2). */
export function volatilityDraws(estimate: number, degreesOfFreedom: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => estimate * Math.sqrt(degreesOfFreedom / chiSquareQuantile(1 - (i + 0.5) / count, degreesOfFreedom)));
}
