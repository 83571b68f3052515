/**
 * Mean and population variance (divisor n) in one pass, by Welford's update (Welford,
 * Technometrics 4:419, 1962), which keeps its accuracy when the mean is large against the
 * spread (turnover in US$ bn against differences of a few bn). NaN for an empty input.
 * Hand-written, not simple-statistics: one pass over typed-array blocks of paths with no copy to
 * number[] (bytes), and Welford's accuracy (precision).
 */
export function meanAndVariance(values: ArrayLike<number>): { readonly mean: number; readonly variance: number } {
  let mean = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const delta = v - mean;
    mean += delta / (i + 1);
    sumSquares += delta * (v - mean);
  }
  return values.length > 0 ? { mean, variance: sumSquares / values.length } : { mean: NaN, variance: NaN };
}
