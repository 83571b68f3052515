import { choleskyFactor } from './choleskyFactor.js';

/**
 * Gaussian conditioning of the yearly shocks on the ones an observation pins. With ε ~ N(0, Σ)
 * (Σ the scenario's correlation matrix, n×n) split into pinned shocks P and free ones F:
 *   ε_F | ε_P ~ N(Σ_FP·Σ_PP⁻¹·ε_P,  Σ_FF − Σ_FP·Σ_PP⁻¹·Σ_PF)
 * (e.g. Anderson, "An Introduction to Multivariate Statistical Analysis", 3rd ed., thm 2.5.1).
 * So a year's shocks are ε = A·ε_pinned + B·z with z ~ N(0, I): A (n×n, row-major) carries the
 * pinned shocks through — identity on their own rows, Σ_FP·Σ_PP⁻¹ on the free rows, zero in
 * the columns of free shocks — and B is the Cholesky factor of the conditional covariance on
 * the free rows and columns (zero elsewhere). The free shocks keep their own normal draws
 * z_F, so a run that pins one driver moves the others only through the correlation.
 */
export interface ConditionalShocks {
  readonly mean: Float64Array;
  readonly factor: Float64Array;
}

/** A and B for `pinned` (one flag per shock); null when the conditional covariance is not positive definite. */
export function conditionalShocks(correlation: ArrayLike<number>, n: number, pinned: readonly boolean[]): ConditionalShocks | null {
  const p = [...Array(n).keys()].filter((i) => pinned[i]);
  const f = [...Array(n).keys()].filter((i) => !pinned[i]);
  const at = (i: number, j: number) => correlation[i * n + j]!;
  // Σ_PP⁻¹ by Gauss–Jordan on the small pinned block
  const m = p.length;
  const inverse = new Float64Array(m * m);
  const work = new Float64Array(m * 2 * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) work[i * 2 * m + j] = at(p[i]!, p[j]!);
    work[i * 2 * m + m + i] = 1;
  }
  for (let c = 0; c < m; c++) {
    let pivotRow = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(work[r * 2 * m + c]!) > Math.abs(work[pivotRow * 2 * m + c]!)) pivotRow = r;
    if (!(Math.abs(work[pivotRow * 2 * m + c]!) > 1e-12)) return null;
    for (let j = 0; j < 2 * m; j++) {
      const t = work[c * 2 * m + j]!;
      work[c * 2 * m + j] = work[pivotRow * 2 * m + j]!;
      work[pivotRow * 2 * m + j] = t;
    }
    const pivot = work[c * 2 * m + c]!;
    for (let j = 0; j < 2 * m; j++) work[c * 2 * m + j] = work[c * 2 * m + j]! / pivot;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const factor = work[r * 2 * m + c]!;
      for (let j = 0; j < 2 * m; j++) work[r * 2 * m + j] = work[r * 2 * m + j]! - factor * work[c * 2 * m + j]!;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) inverse[i * m + j] = work[i * 2 * m + m + j]!;

  const mean = new Float64Array(n * n);
  for (const i of p) mean[i * n + i] = 1;
  // regression of the free shocks on the pinned ones: Σ_FP·Σ_PP⁻¹
  for (const i of f) {
    for (let b = 0; b < m; b++) {
      let sum = 0;
      for (let a = 0; a < m; a++) sum += at(i, p[a]!) * inverse[a * m + b]!;
      mean[i * n + p[b]!] = sum;
    }
  }
  // conditional covariance of the free shocks, and its factor
  const k = f.length;
  const covariance = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let sum = at(f[r]!, f[c]!);
      for (let b = 0; b < m; b++) sum -= mean[f[r]! * n + p[b]!]! * at(p[b]!, f[c]!);
      covariance[r * k + c] = sum;
    }
  }
  const factor = new Float64Array(n * n);
  if (k > 0) {
    const cholesky = choleskyFactor(covariance, k);
    if (!cholesky.ok) return null;
    for (let r = 0; r < k; r++) for (let c = 0; c <= r; c++) factor[f[r]! * n + f[c]!] = cholesky.factor[r * k + c]!;
  }
  return { mean, factor };
}
