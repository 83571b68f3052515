/** The standard normal quantile for a central 95% interval, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

/**
 * A 95% interval for a probability estimated as the share `probability` of `trials`
 * independent cases: Wilson's score interval with continuity correction (Newcombe, Statistics
 * in Medicine 17:857, 1998, method 4). Unlike p̂ ± 1.96·√(p̂(1 − p̂)/n) it keeps its coverage when
 * few cases hit — none hit gives [0, 4.6–4.8/n], not [0, 0]. `trials` need not be whole: for
 * paths that are not independent (antithetic pairs) pass the effective number p̂(1 − p̂)/s.e.².
 * Only + − × ÷ and √, so every engine gives the same bits.
 */
export function wilsonInterval(probability: number, trials: number): { readonly low: number; readonly high: number } {
  const p = probability;
  const n = trials;
  const zz = Z_95 * Z_95;
  const denominator = 2 * (n + zz);
  const low = p <= 0 ? 0 : (2 * n * p + zz - 1 - Z_95 * Math.sqrt(zz - 2 - 1 / n + 4 * p * (n * (1 - p) + 1))) / denominator;
  const high = p >= 1 ? 1 : (2 * n * p + zz + 1 + Z_95 * Math.sqrt(zz + 2 - 1 / n + 4 * p * (n * (1 - p) - 1))) / denominator;
  return { low: Math.max(0, low), high: Math.min(1, high) };
}
