import { regularizedIncompleteBeta } from './incompleteBeta.js';

/**
 * Distribution function of Student's t with ν > 0 degrees of freedom:
 *   F(t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, and F(−t) = 1 − F(t)
 * (Abramowitz & Stegun, Handbook of Mathematical Functions, 26.7.1 with 26.5.27).
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}
