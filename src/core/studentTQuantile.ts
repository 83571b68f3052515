import { normalQuantile } from './normalQuantile.js';
import { studentTCdf } from './studentTCdf.js';

/**
 * Quantile of Student's t with ν degrees of freedom at probability p ∈ (0, 1), by bisection on
 * `studentTCdf` (to 1e-12 relative in the bracket), bracketed from the normal quantile. Used for
 * confidence intervals and quantile draws of small-sample estimates, never in the per-path loop.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const target = upper ? p : 1 - p; // solve in the upper half, then reflect
  let low = 0;
  let high = Math.max(1, 2 * normalQuantile(target));
  while (studentTCdf(high, degreesOfFreedom) < target) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const middle = 0.5 * (low + high);
    if (studentTCdf(middle, degreesOfFreedom) < target) low = middle;
    else high = middle;
  }
  const value = 0.5 * (low + high);
  return upper ? value : -value;
}
