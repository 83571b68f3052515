import type { BatchModel } from '../../../src/analysis/sensitivity/batchModel.js';

/**
 * The Ishigami function (Ishigami & Homma 1990), f = sin x₁ + a·sin² x₂ + b·x₃⁴·sin x₁ on
 * xᵢ ~ U(−π, π), with a fourth input it does not read; analytic indices from Sobol' & Levitan,
 * Comput. Phys. Commun. 117:52, 1999 (also the UQWorld and OpenTURNS pages on the function):
 *   V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½, V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8, V₁₃ = 8b²π⁸/225.
 */
export function ishigamiModel(a = 7, b = 0.1, columns = 4): BatchModel {
  return {
    columns,
    evaluate(points, rows, into, offset) {
      for (let r = 0; r < rows; r++) {
        const x = (c: number) => -Math.PI + 2 * Math.PI * points[r * columns + c]!;
        into[offset + r] = Math.sin(x(0)) + a * Math.sin(x(1)) ** 2 + b * x(2) ** 4 * Math.sin(x(0));
      }
      return true;
    },
  };
}

export function ishigamiIndices(a = 7, b = 0.1): { firstOrder: number[]; totalOrder: number[] } {
  const variance = (a * a) / 8 + (b * Math.PI ** 4) / 5 + (b * b * Math.PI ** 8) / 18 + 0.5;
  const v1 = 0.5 * (1 + (b * Math.PI ** 4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = (8 * b * b * Math.PI ** 8) / 225;
  return {
    firstOrder: [v1 / variance, v2 / variance, 0, 0],
    totalOrder: [(v1 + v13) / variance, v2 / variance, v13 / variance, 0],
  };
}
