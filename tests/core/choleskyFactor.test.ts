import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyFactor } from '../../src/core/choleskyFactor.js';

const n = 4;

describe('choleskyFactor', () => {
  it('returns a lower-triangular L with L·Lᵀ = A for any positive definite A = M·Mᵀ + I/10', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }), (m) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let sum = i === j ? 0.1 : 0;
            for (let k = 0; k < n; k++) sum += m[i * n + k]! * m[j * n + k]!;
            a[i * n + j] = sum;
          }
        const result = choleskyFactor(a, n);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const l = result.factor;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (j > i) expect(l[i * n + j]).toBe(0);
            let sum = 0;
            for (let k = 0; k < n; k++) sum += l[i * n + k]! * l[j * n + k]!;
            expect(Math.abs(sum - a[i * n + j]!)).toBeLessThan(1e-9 * (1 + Math.abs(a[i * n + j]!)));
          }
      }),
    );
  });

  it('reports the first failing pivot of a matrix that is not positive definite', () => {
    // oil–rouble −0.9, oil–demand 0.9, rouble–demand 0.9: impossible together
    const a = [1, -0.9, 0.9, 0, -0.9, 1, 0.9, 0, 0.9, 0.9, 1, 0, 0, 0, 0, 1];
    const result = choleskyFactor(a, n);
    expect(result).toMatchObject({ ok: false, pivotIndex: 2 });
  });

  it('factors the identity to the identity', () => {
    const result = choleskyFactor([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], n);
    expect(result.ok && Array.from(result.factor)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });
});
