import { createUniformStream } from '../uniformStream.js';
import { STREAM_DESIGN } from '../defaults.js';
import type { FactorColumns } from './batchModel.js';

/**
 * The sampling design of Saltelli et al., "Variance based sensitivity analysis of model output.
 * Design and estimator for the total sensitivity index", Comput. Phys. Commun. 181:259–270,
 * 2010, §2: two independent N × d matrices A and B of uniforms, and for each factor i the matrix
 * A_B^(i) — A with the columns of factor i taken from B. Rows are laid out as A (N rows), B (N),
 * then A_B^(0) … A_B^(k−1): N(k + 2) evaluations in all. A column outside every factor (the
 * scenario model's shock key when shocks are averaged) is never swapped.
 *
 * The points are pseudo-random (xoshiro128** keyed by the seed), not a Sobol' sequence: the
 * estimators and the bootstrap intervals are those of plain Monte Carlo, which is what the
 * bootstrap assumes; quasi-random points would converge faster but make the intervals wrong.
 */
export interface SaltelliDesign {
  /** N, rows of A and of B */
  readonly baseSamples: number;
  readonly columns: number;
  readonly factors: readonly FactorColumns[];
  /** N × columns */
  readonly a: Float64Array;
  /** N × columns */
  readonly b: Float64Array;
}

/** Rows of a Saltelli design: N(k + 2). */
export function saltelliRowCount(design: Pick<SaltelliDesign, 'baseSamples' | 'factors'>): number {
  return design.baseSamples * (design.factors.length + 2);
}

/** Draws A and B from the seed. */
export function createSaltelliDesign(baseSamples: number, columns: number, factors: readonly FactorColumns[], seed: number): SaltelliDesign {
  const stream = createUniformStream(seed, STREAM_DESIGN);
  const a = new Float64Array(baseSamples * columns);
  const b = new Float64Array(baseSamples * columns);
  // row by row, A's row then B's, so a design with more rows extends one with fewer
  for (let row = 0; row < baseSamples; row++) {
    for (let c = 0; c < columns; c++) a[row * columns + c] = stream.next();
    for (let c = 0; c < columns; c++) b[row * columns + c] = stream.next();
  }
  return { baseSamples, columns, factors, a, b };
}

/** Writes rows [from, to) of the design (in the A, B, A_B^(i) layout) into `into`, row-major. */
export function saltelliRowsInto(design: SaltelliDesign, from: number, to: number, into: Float64Array): void {
  const { baseSamples: n, columns: d } = design;
  for (let row = from; row < to; row++) {
    const block = Math.floor(row / n);
    const j = row - block * n;
    const target = (row - from) * d;
    if (block === 1) {
      into.set(design.b.subarray(j * d, (j + 1) * d), target);
      continue;
    }
    into.set(design.a.subarray(j * d, (j + 1) * d), target);
    if (block >= 2) for (const c of design.factors[block - 2]!.columns) into[target + c] = design.b[j * d + c]!;
  }
}
