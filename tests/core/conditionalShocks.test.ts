import { describe, expect, it } from 'vitest';
import { conditionalShocks } from '../../src/core/conditionalShocks.js';
import { normalQuantile } from '../../src/core/normalQuantile.js';
import { createUniformStream } from '../../src/analysis/uniformStream.js';

/** The shipped scenarios' correlation of (oil, rouble, demand, exports). */
const CORRELATION = [1, -0.5, 0.4, 0.2, -0.5, 1, -0.4, -0.1, 0.4, -0.4, 1, 0.1, 0.2, -0.1, 0.1, 1];
const n = 4;
const DRAWS = 200_000;
/** A check passes within this many standard errors (each derived below from the draws). */
const STANDARD_ERRORS = 4;

/** Draws ε = A·pinned + B·z for `DRAWS` z's; `pinnedValue(i)` gives the pinned shocks of draw i. */
function draw(pinned: boolean[], pinnedValue: (i: number, into: Float64Array) => void): Float64Array[] {
  const conditional = conditionalShocks(CORRELATION, n, pinned)!;
  const random = createUniformStream(20261130, 7, pinned.map(Number).join('').length);
  const out = Array.from({ length: n }, () => new Float64Array(DRAWS));
  const given = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < DRAWS; i++) {
    given.fill(0);
    pinnedValue(i, given);
    for (let j = 0; j < n; j++) z[j] = normalQuantile(random.next());
    for (let r = 0; r < n; r++) {
      let e = 0;
      for (let c = 0; c < n; c++) e += conditional.mean[r * n + c]! * given[c]! + conditional.factor[r * n + c]! * z[c]!;
      out[r]![i] = e;
    }
  }
  return out;
}

const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
const covariance = (x: Float64Array, y: Float64Array) => {
  const mx = mean(x);
  const my = mean(y);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - mx) * (y[i]! - my);
  return sum / (x.length - 1);
};

describe('conditionalShocks (Gaussian conditioning of the yearly shocks)', () => {
  it('keeps a pinned shock at its value and gives the others the closed-form conditional mean and covariance', () => {
    const e = 1.3; // oil's shock pinned at +1.3 standard deviations
    const eps = draw([true, false, false, false], (_i, given) => (given[0] = e));
    expect(eps[0]!.every((v) => v === e)).toBe(true);
    // closed form with one pinned shock: E = ρ_i0·e, Cov_ij = ρ_ij − ρ_i0·ρ_j0
    for (let i = 1; i < n; i++) {
      const expectedMean = CORRELATION[i * n]! * e;
      const variance = 1 - CORRELATION[i * n]! ** 2;
      expect(Math.abs(mean(eps[i]!) - expectedMean), `mean of shock ${i}`).toBeLessThan(STANDARD_ERRORS * Math.sqrt(variance / DRAWS));
      for (let j = i; j < n; j++) {
        const expected = CORRELATION[i * n + j]! - CORRELATION[i * n]! * CORRELATION[j * n]!;
        // s.e. of a sample covariance of normals: √((σ_ii·σ_jj + σ_ij²)/N)
        const vj = 1 - CORRELATION[j * n]! ** 2;
        const standardError = Math.sqrt((variance * vj + expected * expected) / DRAWS);
        expect(Math.abs(covariance(eps[i]!, eps[j]!) - expected), `covariance ${i},${j}`).toBeLessThan(STANDARD_ERRORS * standardError);
      }
    }
  });

  it('with two shocks pinned, gives the free ones the regression on both', () => {
    const [eOil, eRub] = [-0.8, 0.5];
    const eps = draw([true, true, false, false], (_i, given) => ((given[0] = eOil), (given[1] = eRub)));
    const r = (i: number, j: number) => CORRELATION[i * n + j]!;
    const det = 1 - r(0, 1) ** 2;
    for (const i of [2, 3]) {
      // Σ_FP·Σ_PP⁻¹ for the 2×2 pinned block
      const b0 = (r(i, 0) - r(i, 1) * r(0, 1)) / det;
      const b1 = (r(i, 1) - r(i, 0) * r(0, 1)) / det;
      const variance = 1 - (b0 * r(i, 0) + b1 * r(i, 1));
      expect(Math.abs(mean(eps[i]!) - (b0 * eOil + b1 * eRub)), `mean of shock ${i}`).toBeLessThan(STANDARD_ERRORS * Math.sqrt(variance / DRAWS));
      expect(Math.abs(covariance(eps[i]!, eps[i]!) - variance), `variance of shock ${i}`).toBeLessThan(STANDARD_ERRORS * variance * Math.sqrt(2 / DRAWS));
    }
  });

  it('reproduces the full correlation when the pinned shock is itself drawn from its marginal (law of total covariance)', () => {
    const random = createUniformStream(42, 9, 0);
    const pinnedDraws = Float64Array.from({ length: DRAWS }, () => normalQuantile(random.next()));
    const eps = draw([false, true, false, false], (i, given) => (given[1] = pinnedDraws[i]!));
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const expected = CORRELATION[i * n + j]!;
        const standardError = Math.sqrt((1 + expected * expected) / DRAWS);
        expect(Math.abs(covariance(eps[i]!, eps[j]!) - expected), `covariance ${i},${j}`).toBeLessThan(STANDARD_ERRORS * standardError);
      }
    }
  });

  it('is the identity when nothing is pinned and refuses a singular pinned block', () => {
    const none = conditionalShocks(CORRELATION, n, [false, false, false, false])!;
    expect([...none.mean].every((v) => v === 0)).toBe(true);
    expect(none.factor[0]).toBe(1);
    expect(conditionalShocks([1, 1, 1, 1], 2, [true, true])).toBeNull();
  });
});
