import { exp } from './exp.js';
import { pow } from './pow.js';
/**
 * Armington (CES) expenditure shares of suppliers (docs/model.md, step 6):
 *   s*_j = b_j · p_j^{1−σ} / Σ_i b_i · p_i^{1−σ},
 * with base weights b (pre-shock shares), effective prices p and elasticity σ.
 * (Armington, "A theory of demand for products distinguished by place of production",
 * IMF Staff Papers 16(1), 1969.) The engine works with the equivalent log-ratios
 * ln(s*_j / s*_ref) = ln(b_j / b_ref) + (1 − σ)(ln p_j − ln p_ref), which need no exponentials;
 * this function is the textbook form, used by tests to check the engine against it.
 * Writes the shares into `into`.
 */
export function armingtonSharesInto(baseWeights: ArrayLike<number>, prices: ArrayLike<number>, elasticity: number, into: Float64Array): void {
  const n = baseWeights.length;
  let total = 0;
  for (let j = 0; j < n; j++) {
    const weight = baseWeights[j]! * pow(prices[j]!, 1 - elasticity);
    into[j] = weight;
    total += weight;
  }
  for (let j = 0; j < n; j++) into[j] = into[j]! / total;
}

/**
 * Shares from log-ratios to a reference supplier (whose own log-ratio is 0):
 * s_j = e^{l_j} / Σ_i e^{l_i}. Sums to 1 and stays in (0, 1) by construction.
 */
export function sharesFromLogRatiosInto(logRatios: ArrayLike<number>, into: Float64Array): void {
  const n = logRatios.length;
  let largest = -Infinity;
  for (let j = 0; j < n; j++) largest = Math.max(largest, logRatios[j]!);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const e = exp(logRatios[j]! - largest);
    into[j] = e;
    total += e;
  }
  for (let j = 0; j < n; j++) into[j] = into[j]! / total;
}
