import { logGamma } from './incompleteBeta.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { log1p } from './log1p.js';

/**
 * The central range of a Binomial(n, p) count, as fractions of n: the largest k_low with
 * P(K < k_low) ≤ (1 − level)/2 and the smallest k_high with P(K > k_high) ≤ (1 − level)/2.
 * An interval forecast with nominal coverage p that is calibrated hits between k_low/n and
 * k_high/n of n independent cases with probability ≥ level (e.g. Gneiting et al., JRSS B
 * 69:243, 2007, on coverage checks). Exact sums of the probability mass, in logs.
 */
export function binomialInterval(trials: number, probability: number, level: number): { readonly low: number; readonly high: number } {
  if (trials <= 0) return { low: NaN, high: NaN };
  const tail = (1 - level) / 2;
  const mass = (k: number): number => {
    if (probability <= 0) return k === 0 ? 1 : 0;
    if (probability >= 1) return k === trials ? 1 : 0;
    return exp(logGamma(trials + 1) - logGamma(k + 1) - logGamma(trials - k + 1) + k * log(probability) + (trials - k) * log1p(-probability));
  };
  let cumulative = 0;
  let low = 0;
  for (let k = 0; k <= trials; k++) {
    if (cumulative + mass(k) > tail) {
      low = k;
      break;
    }
    cumulative += mass(k);
  }
  cumulative = 0;
  let high = trials;
  for (let k = trials; k >= 0; k--) {
    if (cumulative + mass(k) > tail) {
      high = k;
      break;
    }
    cumulative += mass(k);
  }
  return { low: low / trials, high: high / trials };
}
