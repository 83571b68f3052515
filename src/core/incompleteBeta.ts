import { exp } from './exp.js';
import { log } from './log.js';
import { log1p } from './log1p.js';

/**
 * Regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
 * Continued fraction evaluated by the modified Lentz method (Press et al., "Numerical
 * Recipes", 3rd ed., §6.4), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where it
 * converges faster. Only used to tabulate beta quantiles when a plan is built.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

const TINY = 1e-300;

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/**
 * ln Γ(z) for z > 0: Lanczos approximation (g = 7, n = 9), about 15 significant digits.
 * Below 1/2 it steps up by Γ(z) = Γ(z + 1)/z rather than reflecting through sin(πz), so it
 * needs no trigonometry.
 */
export function logGamma(z: number): number {
  if (z < 0.5) return logGamma(z + 1) - log(z);
  const x = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * log(2 * Math.PI) + (x + 0.5) * log(t) - t + log(sum);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
