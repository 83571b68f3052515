import { chiSquareQuantile } from '../src/core/chiSquareQuantile.js';
import { normalQuantile } from '../src/core/normalQuantile.js';

/**
 * Statistical tests of the engine's randomness. Each `it` that makes such checks holds them, all
 * together, to a false-alarm rate of FALSE_ALARM_RATE: a correct engine fails it for about one
 * seed in 10,000. The m checks of a test share the rate equally (Bonferroni: each at
 * FALSE_ALARM_RATE/m, whatever their dependence), so the limits come out at 4–5 standard
 * errors. The seeds are fixed, so CI sees the same numbers every run; the rate says how rarely a
 * new seed, or a change that reshuffles the random streams, should fail a correct engine.
 */
export const FALSE_ALARM_RATE = 1e-4;

/**
 * Fewest expected counts in a cell of a χ² goodness-of-fit test (Cochran, "Some methods for
 * strengthening the common χ² tests", Biometrics 10, 1954): smaller cells are pooled first.
 */
export const MIN_EXPECTED_COUNT = 5;

interface NormalCheck {
  readonly label: string;
  /** (estimate − expected) / standard error: standard normal under the hypothesis */
  readonly z: number;
  /** what the message shows */
  readonly detail: string;
}

interface ChiSquareCheck {
  readonly label: string;
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** 'upper' for a goodness-of-fit statistic, 'both' for a sample variance */
  readonly sides: 'upper' | 'both';
}

/**
 * A family of checks held together to one false-alarm rate. Collect them, then
 * `expect(family.failures()).toEqual([])`: every failing check is listed with its numbers.
 */
export class CheckFamily {
  private readonly normal: NormalCheck[] = [];
  private readonly chiSquare: ChiSquareCheck[] = [];

  /** Number of checks so far. */
  get size(): number {
    return this.normal.length + this.chiSquare.length;
  }

  /** An estimate that is normal about `expected` with the given standard error (a mean, a Fisher z, a slope). */
  normalEstimate(label: string, estimate: number, expected: number, standardError: number): void {
    const z = standardError > 0 ? (estimate - expected) / standardError : estimate === expected ? 0 : Infinity;
    this.normal.push({ label, z, detail: `${estimate} vs ${expected} (s.e. ${standardError.toPrecision(3)})` });
  }

  /**
   * A sample correlation r of n pairs against ρ, by Fisher's z: atanh(r) is normal about
   * atanh(ρ) with variance 1/(n − 3) for bivariate normal pairs, and for any two independent
   * variables when ρ = 0 (Fisher, Biometrika 10, 1915).
   */
  correlation(label: string, r: number, rho: number, n: number): void {
    const z = (Math.atanh(r) - Math.atanh(rho)) * Math.sqrt(n - 3);
    this.normal.push({ label, z, detail: `r ${r.toFixed(5)} vs ρ ${rho.toFixed(5)} (n ${n})` });
  }

  /**
   * A sample variance s² of normal draws against σ², two-sided: ν·s²/σ² is χ²(ν), with ν = n − 1
   * about the sample mean of n draws, ν = n about a known mean.
   */
  variance(label: string, sampleVariance: number, variance: number, degreesOfFreedom: number): void {
    this.chiSquare.push({ label, statistic: (degreesOfFreedom * sampleVariance) / variance, degreesOfFreedom, sides: 'both' });
  }

  /** A goodness-of-fit statistic, χ² with `degreesOfFreedom` under the hypothesis (upper tail only). */
  goodnessOfFit(label: string, statistic: number, degreesOfFreedom: number): void {
    if (degreesOfFreedom > 0) this.chiSquare.push({ label, statistic, degreesOfFreedom, sides: 'upper' });
  }

  /** The checks outside their limits, each at `falseAlarmRate`/size (Bonferroni). */
  failures(falseAlarmRate = FALSE_ALARM_RATE): string[] {
    const each = falseAlarmRate / this.size;
    const limit = zLimit(1, each);
    const failed = this.normal.filter((c) => !(Math.abs(c.z) <= limit)).map((c) => `${c.label}: z = ${c.z.toFixed(2)} beyond ±${limit.toFixed(2)}: ${c.detail}`);
    for (const c of this.chiSquare) {
      const tail = c.sides === 'both' ? each / 2 : each;
      const high = chiSquareQuantile(1 - tail, c.degreesOfFreedom);
      const low = c.sides === 'both' ? chiSquareQuantile(tail, c.degreesOfFreedom) : 0;
      if (!(c.statistic >= low && c.statistic <= high)) {
        failed.push(`${c.label}: χ²(${c.degreesOfFreedom}) = ${c.statistic.toFixed(2)} outside [${low.toFixed(2)}, ${high.toFixed(2)}]`);
      }
    }
    return failed;
  }
}

/** Two-sided limit of a standard normal statistic, one of `checks` checks sharing `falseAlarmRate`. */
export function zLimit(checks: number, falseAlarmRate = FALSE_ALARM_RATE): number {
  return -normalQuantile(falseAlarmRate / (2 * checks));
}

/**
 * Pearson's χ² of `counts` against `probabilities` (cells of probability 0 left out: the caller
 * checks they are empty), with the cells whose expected count is under MIN_EXPECTED_COUNT
 * pooled, smallest first, until the pool reaches it. Degrees of freedom: cells after pooling − 1
 * (0: nothing to test).
 */
export function pearsonChiSquare(counts: ArrayLike<number>, probabilities: ArrayLike<number>): { statistic: number; degreesOfFreedom: number } {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const cells: { observed: number; expected: number }[] = [];
  for (let i = 0; i < counts.length; i++) if (probabilities[i]! > 0) cells.push({ observed: counts[i]!, expected: total * probabilities[i]! });
  cells.sort((a, b) => a.expected - b.expected);
  const pooled: { observed: number; expected: number }[] = [];
  let pool = { observed: 0, expected: 0 };
  for (const cell of cells) {
    if (cell.expected >= MIN_EXPECTED_COUNT && pool.expected === 0) pooled.push(cell);
    else {
      pool = { observed: pool.observed + cell.observed, expected: pool.expected + cell.expected };
      if (pool.expected >= MIN_EXPECTED_COUNT) {
        pooled.push(pool);
        pool = { observed: 0, expected: 0 };
      }
    }
  }
  // a pool still short of the minimum joins the smallest full cell
  if (pool.expected > 0) {
    if (pooled.length === 0) return { statistic: 0, degreesOfFreedom: 0 };
    const smallest = pooled[0]!;
    pooled[0] = { observed: smallest.observed + pool.observed, expected: smallest.expected + pool.expected };
  }
  const statistic = pooled.reduce((sum, c) => sum + (c.observed - c.expected) ** 2 / c.expected, 0);
  return { statistic, degreesOfFreedom: Math.max(0, pooled.length - 1) };
}

/** Mean of each column and their sample covariance matrix (divisor n − 1), two passes. */
export function sampleMoments(columns: readonly Float64Array[]): { n: number; mean: Float64Array; covariance: Float64Array } {
  const d = columns.length;
  const n = columns[0]!.length;
  const mean = Float64Array.from(columns, (column) => column.reduce((a, b) => a + b, 0) / n);
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const x = columns[i]!;
      const y = columns[j]!;
      const mx = mean[i]!;
      const my = mean[j]!;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (x[k]! - mx) * (y[k]! - my);
      covariance[i * d + j] = covariance[j * d + i] = sum / (n - 1);
    }
  }
  return { n, mean, covariance };
}

/** Sample correlation of two equally long columns. */
export function sampleCorrelation(x: Float64Array, y: Float64Array): number {
  const { covariance } = sampleMoments([x, y]);
  return covariance[1]! / Math.sqrt(covariance[0]! * covariance[3]!);
}
