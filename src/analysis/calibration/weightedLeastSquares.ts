import { choleskyFactor } from '../../core/choleskyFactor.js';

/** A weighted least-squares fit: coefficients, their covariance, residual variance. */
export interface LeastSquaresFit {
  readonly coefficients: readonly number[];
  /** k × k covariance of the coefficients, σ̂²·(XᵀWX)⁻¹ */
  readonly covariance: readonly (readonly number[])[];
  /** σ̂² = Σ wᵢ rᵢ² / (n − k); NaN when n = k */
  readonly residualVariance: number;
  readonly degreesOfFreedom: number;
  readonly residuals: readonly number[];
}

/**
 * Generalised least squares with a diagonal error covariance: minimises Σ wᵢ(yᵢ − xᵢᵀβ)², with
 * wᵢ the inverse of the relative variance of observation i (Aitken, Proc. R. Soc. Edinb. 55:42,
 * 1935; e.g. Greene, "Econometric Analysis", §9.4). Solved through the Cholesky factor of
 * XᵀWX; returns null when the design is rank deficient (a regressor that never varies).
 */
export function weightedLeastSquares(design: readonly (readonly number[])[], y: readonly number[], weights: readonly number[]): LeastSquaresFit | null {
  const n = y.length;
  const k = design[0]?.length ?? 0;
  if (n === 0 || k === 0 || n < k) return null;
  const normal = new Float64Array(k * k);
  const right = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const x = design[i]!;
    const w = weights[i]!;
    for (let a = 0; a < k; a++) {
      right[a] = right[a]! + w * x[a]! * y[i]!;
      for (let b = 0; b < k; b++) normal[a * k + b] = normal[a * k + b]! + w * x[a]! * x[b]!;
    }
  }
  let scale = 0;
  for (let a = 0; a < k; a++) scale = Math.max(scale, normal[a * k + a]!);
  const cholesky = choleskyFactor(normal, k, 1e-12 * scale);
  if (!cholesky.ok) return null;
  const inverse = inverseFromCholesky(cholesky.factor, k);
  const coefficients = Array.from({ length: k }, (_, a) => {
    let sum = 0;
    for (let b = 0; b < k; b++) sum += inverse[a * k + b]! * right[b]!;
    return sum;
  });
  const residuals = y.map((value, i) => value - design[i]!.reduce((sum, x, a) => sum + x * coefficients[a]!, 0));
  const degreesOfFreedom = n - k;
  const weightedSquares = residuals.reduce((sum, r, i) => sum + weights[i]! * r * r, 0);
  const residualVariance = degreesOfFreedom > 0 ? weightedSquares / degreesOfFreedom : NaN;
  const covariance = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => residualVariance * inverse[a * k + b]!));
  return { coefficients, covariance, residualVariance, degreesOfFreedom, residuals };
}

/** (L·Lᵀ)⁻¹ from the lower-triangular factor L (row-major), by solving for each unit vector. */
function inverseFromCholesky(factor: Float64Array, k: number): Float64Array {
  const inverse = new Float64Array(k * k);
  const z = new Float64Array(k);
  for (let column = 0; column < k; column++) {
    // L z = e_column, then Lᵀ x = z
    for (let i = 0; i < k; i++) {
      let sum = i === column ? 1 : 0;
      for (let j = 0; j < i; j++) sum -= factor[i * k + j]! * z[j]!;
      z[i] = sum / factor[i * k + i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let sum = z[i]!;
      for (let j = i + 1; j < k; j++) sum -= factor[j * k + i]! * inverse[j * k + column]!;
      inverse[i * k + column] = sum / factor[i * k + i]!;
    }
  }
  return inverse;
}
