import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crpsNormal } from '../../src/core/crpsNormal.js';
import { crpsSample } from '../../src/core/crpsSample.js';
import { nextUniform, seedStateInto } from '../../src/core/random.js';
import { normalQuantile } from '../../src/core/normalQuantile.js';
import { sortSample } from '../../src/core/sortedSample.js';

/** The sorted O(M log M) form and the naive O(M²) form agree to rounding, relative to the sample's scale. */
const FORM_TOLERANCE = 1e-9;

/** The fair estimator straight from its definition, over all pairs (O(M²)). */
function naiveFairCrps(sample: readonly number[], y: number): number {
  const m = sample.length;
  let error = 0;
  let spread = 0;
  for (const x of sample) {
    error += Math.abs(x - y);
    for (const other of sample) spread += Math.abs(x - other);
  }
  return error / m - spread / (2 * m * (m - 1));
}

function normalSample(size: number, mean: number, sd: number, seed: number): Float64Array {
  const state = new Uint32Array(4);
  seedStateInto(state, seed, 0, 7, 0);
  return Float64Array.from({ length: size }, () => mean + sd * normalQuantile(nextUniform(state)));
}

describe('crpsSample (fair form)', () => {
  it('equals the naive O(M²) estimator for any sample and observation', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.double({ min: -2e3, max: 2e3, noNaN: true }), (sample, y) => {
        const scale = Math.max(1, ...sample.map(Math.abs), Math.abs(y));
        expect(Math.abs(crpsSample(sortSample(sample), y) - naiveFairCrps(sample, y))).toBeLessThan(FORM_TOLERANCE * scale);
      }),
      { numRuns: 200 },
    );
  });

  it('matches the closed form of a normal forecast for a large normal sample', () => {
    // M = 40 000 draws: the estimate's Monte Carlo s.d. is about 0.004σ; allow ≈ 5 of them
    const tolerance = 0.02;
    const [mean, sd] = [1.5, 2];
    const sample = sortSample(normalSample(40_000, mean, sd, 11));
    for (const y of [-4, 0, 1.5, 3, 8]) {
      expect(Math.abs(crpsSample(sample, y) - crpsNormal(mean, sd, y)) / sd, `y = ${y}`).toBeLessThan(tolerance);
    }
  });

  it('is the absolute error for a single value, and ½|x₁ − x₂|-corrected for two', () => {
    expect(crpsSample(sortSample([3]), 5)).toBe(2);
    // M = 2: mean |x − y| − |x₁ − x₂| / 2
    expect(crpsSample(sortSample([0, 4]), 1)).toBeCloseTo((1 + 3) / 2 - 4 / 2, 12);
  });
});

describe('crpsNormal', () => {
  it('gives the published check value CRPS(N(0, 1), −3) = 2.43657473 (scoringRules test suite)', () => {
    expect(crpsNormal(0, 1, -3)).toBeCloseTo(2.43657473, 8);
  });

  it('scales with σ and shifts with μ', () => {
    expect(crpsNormal(0.1, 0.9, -3 * 0.9 + 0.1)).toBeCloseTo(2.43657473 * 0.9, 8);
  });

  it('is (√2 − 1)/√π·σ at the mean', () => {
    expect(crpsNormal(5, 2, 5)).toBeCloseTo((2 * (Math.SQRT2 - 1)) / Math.sqrt(Math.PI), 12);
  });
});
