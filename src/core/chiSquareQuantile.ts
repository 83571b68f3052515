import { regularizedLowerGamma } from './incompleteGamma.js';

/**
 * Quantile of the chi-square distribution with ν > 0 degrees of freedom at p ∈ (0, 1), by
 * bisection on its distribution function P(ν/2, x/2) (`regularizedLowerGamma`). Used for the
 * sampling uncertainty of a residual variance: σ²·ν/σ̂² ~ χ²_ν under normal errors.
 */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? 0 : p === 1 ? Infinity : NaN;
  const half = degreesOfFreedom / 2;
  let low = 0;
  let high = Math.max(1, degreesOfFreedom);
  while (regularizedLowerGamma(half, high / 2) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const middle = 0.5 * (low + high);
    if (regularizedLowerGamma(half, middle / 2) < p) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}
