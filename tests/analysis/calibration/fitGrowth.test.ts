import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitGrowth } from '../../../src/analysis/calibration/fitGrowth.js';
import { growthObservations, type Level } from '../../../src/analysis/calibration/growthObservations.js';
import { weightedLeastSquares } from '../../../src/analysis/calibration/weightedLeastSquares.js';
import { nextUniform, seedStateInto } from '../../../src/core/random.js';
import { normalQuantile } from '../../../src/core/normalQuantile.js';

/** An estimate is "recovered" when it lies within this many standard errors of the truth. */
const RECOVERY_STANDARD_ERRORS = 3;

/** Levels of a random walk with drift μ, a jump J in `breakYear` and a drift shift δ after it, yearly noise σ. */
function simulatedLevels(years: readonly number[], truth: { drift: number; jump: number; shift: number; sigma: number }, breakYear: number, seed: number): Level[] {
  const state = new Uint32Array(4);
  seedStateInto(state, seed, 0, 9, 0);
  let log = Math.log(100);
  const out: Level[] = [];
  for (let year = years[0]!; year <= years.at(-1)!; year++) {
    if (year > years[0]!) log += truth.drift + (year === breakYear ? truth.jump : 0) + (year > breakYear ? truth.shift : 0) + truth.sigma * normalQuantile(nextUniform(state));
    out.push({ year, value: years.includes(year) ? Math.exp(log) : null });
  }
  return out;
}

describe('weightedLeastSquares', () => {
  it('reproduces the closed form of a simple regression', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1];
    const fit = weightedLeastSquares(
      x.map((v) => [1, v]),
      y,
      x.map(() => 1),
    )!;
    const mx = 3;
    const my = y.reduce((s, v) => s + v, 0) / 5;
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / x.reduce((s, v) => s + (v - mx) ** 2, 0);
    expect(fit.coefficients[1]).toBeCloseTo(slope, 12);
    expect(fit.coefficients[0]).toBeCloseTo(my - slope * mx, 12);
    expect(fit.degreesOfFreedom).toBe(3);
  });

  it('returns null for a rank-deficient design', () => {
    expect(
      weightedLeastSquares(
        [
          [1, 0],
          [1, 0],
          [1, 0],
        ],
        [1, 2, 3],
        [1, 1, 1],
      ),
    ).toBeNull();
  });
});

describe('fitGrowth', () => {
  it('recovers drift, jump and drift shift exactly from noiseless data with any gaps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.2, max: 0.3, noNaN: true }),
        fc.double({ min: -0.5, max: 0.8, noNaN: true }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        fc.subarray([2001, 2002, 2004, 2005, 2006, 2007, 2009, 2010, 2011, 2012, 2013, 2014], { minLength: 8 }),
        (drift, jump, shift, inner) => {
          const years = [2000, ...inner, 2015, 2016, 2017];
          const levels = simulatedLevels(years, { drift, jump, shift, sigma: 0 }, 2015, 1);
          const fit = fitGrowth(growthObservations(levels), 2015, 0.95)!;
          const [mu, j, d] = fit.regime!.coefficients;
          expect(mu!.estimate).toBeCloseTo(drift, 9);
          expect(j!.estimate).toBeCloseTo(jump, 9);
          expect(d!.estimate).toBeCloseTo(shift, 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('recovers known parameters within their standard errors from noisy data with gaps', () => {
    const truth = { drift: 0.06, jump: 0.4, shift: -0.03, sigma: 0.1 };
    const years = Array.from({ length: 41 }, (_, i) => 1990 + i).filter((y) => y % 7 !== 3); // gaps every seven years
    for (const seed of [1, 2, 3]) {
      const fit = fitGrowth(growthObservations(simulatedLevels(years, truth, 2022, seed)), 2022, 0.95)!;
      const [mu, jump, shift] = fit.regime!.coefficients;
      for (const [estimate, value] of [
        [mu!, truth.drift],
        [jump!, truth.jump],
        [shift!, truth.shift],
      ] as const) {
        expect(Math.abs(estimate.estimate - value) / estimate.standardError!, `${estimate.name}, seed ${seed}`).toBeLessThan(RECOVERY_STANDARD_ERRORS);
      }
      expect(fit.volatility!.low).toBeLessThan(truth.sigma);
      expect(fit.volatility!.high).toBeGreaterThan(truth.sigma);
    }
  });

  it('turns a gap into one observation over several years', () => {
    const observations = growthObservations([
      { year: 2010, value: 100 },
      { year: 2011, value: null },
      { year: 2012, value: 121 },
    ]);
    expect(observations).toEqual([{ from: 2010, to: 2012, years: 2, logChange: Math.log(1.21) }]);
  });

  it('uses the post-break drift only when the drift shift is significant', () => {
    const strongShift = simulatedLevels(
      Array.from({ length: 35 }, (_, i) => 1990 + i),
      { drift: 0.02, jump: 0.2, shift: 0.3, sigma: 0.01 },
      2015,
      5,
    );
    expect(fitGrowth(growthObservations(strongShift), 2015, 0.95)!.drift.basis).toBe('post-break drift');
    const noShift = simulatedLevels(
      Array.from({ length: 35 }, (_, i) => 1990 + i),
      { drift: 0.02, jump: 0.2, shift: 0, sigma: 0.1 },
      2015,
      5,
    );
    expect(fitGrowth(growthObservations(noShift), 2015, 0.95)!.drift.basis).toBe('common drift');
  });
});
