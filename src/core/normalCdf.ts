import { exp } from './exp.js';
/**
 * Standard normal distribution function Φ(x), to about 1e-15 absolute and 1e-12 relative.
 *
 * Hart's double-precision rational approximation (algorithm 5666, in Hart et al.,
 * "Computer Approximations", Wiley 1968), as presented by G. West, "Better approximations to
 * cumulative normal functions", Wilmott Magazine, May 2005, pp. 70–76; beyond |x| = 3.5 the
 * Mills-ratio continued fraction (West switches at 7.07 with four terms), so the tail keeps
 * its relative accuracy. Used to truncate normals, never in the per-year loop.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const density = exp(-0.5 * z * z);
    if (z < 3.5) {
      let numerator = 3.52624965998911e-2 * z + 0.700383064443688;
      numerator = numerator * z + 6.37396220353165;
      numerator = numerator * z + 33.912866078383;
      numerator = numerator * z + 112.079291497871;
      numerator = numerator * z + 221.213596169931;
      numerator = numerator * z + 220.206867912376;
      let denominator = 8.83883476483184e-2 * z + 1.75566716318264;
      denominator = denominator * z + 16.064177579207;
      denominator = denominator * z + 86.7807322029461;
      denominator = denominator * z + 296.564248779674;
      denominator = denominator * z + 637.333633378831;
      denominator = denominator * z + 793.826512519948;
      denominator = denominator * z + 440.413735824752;
      tail = (density * numerator) / denominator;
    } else {
      // Laplace's continued fraction for the Mills ratio, 1/(z + 1/(z + 2/(z + 3/(z + …)))),
      // evaluated backwards from 60 terms: full precision for z ≥ 3.5, where Hart's rational
      // form (accurate in absolute terms) loses relative accuracy (≈1e-9 at z = 6).
      let fraction = z;
      for (let k = 60; k >= 1; k--) fraction = z + k / fraction;
      tail = density / fraction / 2.5066282746310002;
    }
  }
  return x > 0 ? 1 - tail : tail;
}
