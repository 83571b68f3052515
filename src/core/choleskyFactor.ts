/**
 * Cholesky factor L (row-major, lower triangular, n×n) of a symmetric matrix A = L·Lᵀ.
 * Returns `{ ok: false }` with the failing pivot when A is not positive definite (a pivot
 * ≤ `minimumPivot`), so the caller can say which variable makes the matrix invalid.
 */
export type CholeskyResult = { readonly ok: true; readonly factor: Float64Array } | { readonly ok: false; readonly pivotIndex: number; readonly pivot: number };

export function choleskyFactor(matrix: ArrayLike<number>, n: number, minimumPivot = 1e-10): CholeskyResult {
  const factor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= factor[i * n + k]! * factor[j * n + k]!;
      if (i === j) {
        if (!(sum > minimumPivot)) return { ok: false, pivotIndex: i, pivot: sum };
        factor[i * n + i] = Math.sqrt(sum);
      } else {
        factor[i * n + j] = sum / factor[j * n + j]!;
      }
    }
  }
  return { ok: true, factor };
}
