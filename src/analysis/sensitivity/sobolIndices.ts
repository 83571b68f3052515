import { sampleStandardDeviation } from 'simple-statistics';
import { sampleQuantile } from '../../core/sampleQuantile.js';
import { sortSampleInPlace } from '../../core/sortedSample.js';
import type { IntervalEstimate } from '../intervalEstimate.js';
import { createUniformStream } from '../uniformStream.js';
import { STREAM_BOOTSTRAP } from '../defaults.js';
import { pacedCheckpoint, type AnalysisContext } from '../analysisContext.js';

/** First-order and total Sobol indices of each factor, with bootstrap intervals. */
export interface SobolIndices {
  readonly firstOrder: readonly IntervalEstimate[];
  readonly totalOrder: readonly IntervalEstimate[];
  /** mean and variance of the output over the 2N rows of A and B */
  readonly mean: number;
  readonly variance: number;
}

export interface BootstrapOptions {
  readonly resamples: number;
  /** e.g. 0.95 */
  readonly confidence: number;
  readonly seed: number;
}

/**
 * Sobol indices from the outputs of a Saltelli design (layout A, B, A_B^(0…k−1), N rows each),
 * with the estimators recommended by Saltelli et al., Comput. Phys. Commun. 181:259, 2010,
 * Table 2:
 *   first order (b):  V_i  = (1/N) Σⱼ f(B)ⱼ·(f(A_B^(i))ⱼ − f(A)ⱼ)
 *   total (f), Jansen: V_Ti = (1/2N) Σⱼ (f(A)ⱼ − f(A_B^(i))ⱼ)²
 * (Jansen, "Analysis of variance designs for model output", Comput. Phys. Commun. 117:35–43,
 * 1999), S_i = V_i/V, S_Ti = V_Ti/V, V the variance of f over the rows of A and B. Outputs are
 * centred on that mean first: the estimators are unchanged in expectation (E f(A_B^(i)) =
 * E f(A)) and lose rounding error. Intervals: percentile bootstrap over the N row indices j
 * (the same j in every block), with the bootstrap standard deviation as standard error
 * (Archer, Saltelli & Sobol, J. Stat. Comput. Simul. 58:99–120, 1997).
 * A factor the output does not read gets f(A_B^(i)) = f(A) on every row, so both of its
 * indices are exactly 0.
 * The bootstrap passes a paced checkpoint after each resample (one resample is N(k + 1) steps:
 * ≈ 0.5 ms at the defaults), so it stops within one resample of its signal; null then.
 */
export async function sobolIndices(
  outputs: Float64Array,
  baseSamples: number,
  factors: number,
  bootstrap: BootstrapOptions,
  context: Pick<AnalysisContext, 'signal'> = {},
): Promise<SobolIndices | null> {
  const n = baseSamples;
  let mean = 0;
  for (let j = 0; j < 2 * n; j++) mean += outputs[j]!;
  mean /= 2 * n;
  const centred = outputs.map((v) => v - mean);
  const all = Uint32Array.from({ length: n }, (_, j) => j);
  const point = estimate(centred, n, factors, all);

  const stream = createUniformStream(bootstrap.seed, STREAM_BOOTSTRAP);
  const resampledFirst = Array.from({ length: factors }, () => new Float64Array(bootstrap.resamples));
  const resampledTotal = Array.from({ length: factors }, () => new Float64Array(bootstrap.resamples));
  const rows = new Uint32Array(n);
  const going = pacedCheckpoint(context);
  for (let r = 0; r < bootstrap.resamples; r++) {
    if (!(await going())) return null;
    for (let j = 0; j < n; j++) rows[j] = Math.floor(stream.next() * n);
    const again = estimate(centred, n, factors, rows);
    for (let i = 0; i < factors; i++) {
      resampledFirst[i]![r] = again.first[i]!;
      resampledTotal[i]![r] = again.total[i]!;
    }
  }
  const interval = (value: number, resampled: Float64Array): IntervalEstimate => bootstrapInterval(value, resampled, bootstrap.confidence);
  return {
    firstOrder: point.first.map((value, i) => interval(value, resampledFirst[i]!)),
    totalOrder: point.total.map((value, i) => interval(value, resampledTotal[i]!)),
    mean,
    variance: point.variance,
  };
}

/**
 * The estimators on the rows listed in `rows` (all of them, or a bootstrap resample).
 * Hand-written: the variance is fused into the one pass over 2N rows each resample makes (bytes, time).
 */
function estimate(centred: Float64Array, n: number, factors: number, rows: Uint32Array): { first: number[]; total: number[]; variance: number } {
  const m = rows.length;
  let sum = 0;
  let sumSquares = 0;
  for (let r = 0; r < m; r++) {
    const j = rows[r]!;
    const a = centred[j]!;
    const b = centred[n + j]!;
    sum += a + b;
    sumSquares += a * a + b * b;
  }
  const meanOfRows = sum / (2 * m);
  const variance = sumSquares / (2 * m) - meanOfRows * meanOfRows;
  const first: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < factors; i++) {
    const offset = (2 + i) * n;
    let firstSum = 0;
    let totalSum = 0;
    for (let r = 0; r < m; r++) {
      const j = rows[r]!;
      const a = centred[j]!;
      const mixed = centred[offset + j]!;
      firstSum += centred[n + j]! * (mixed - a);
      totalSum += (a - mixed) * (a - mixed);
    }
    // an output that does not vary has no variance to share out: every index is 0
    first.push(variance > 0 ? firstSum / m / variance : 0);
    total.push(variance > 0 ? totalSum / (2 * m) / variance : 0);
  }
  return { first, total, variance };
}

/** Percentile bootstrap interval and bootstrap standard error around a point estimate. */
export function bootstrapInterval(value: number, resampled: Float64Array, confidence: number): IntervalEstimate {
  const standardError = resampled.length > 1 ? sampleStandardDeviation(Array.from(resampled)) : 0;
  const sorted = sortSampleInPlace(resampled);
  const tail = (1 - confidence) / 2;
  return { estimate: value, low: sampleQuantile(sorted, tail), high: sampleQuantile(sorted, 1 - tail), standardError };
}
