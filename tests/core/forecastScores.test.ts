import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialInterval } from '../../src/core/binomialInterval.js';
import { pinballLoss } from '../../src/core/pinballLoss.js';
import { probabilityIntegralTransform } from '../../src/core/probabilityIntegralTransform.js';
import { sampleQuantile } from '../../src/core/sampleQuantile.js';
import { sortSample } from '../../src/core/sortedSample.js';

describe('sampleQuantile (Hyndman & Fan type 7)', () => {
  it('interpolates between order statistics as R’s quantile() does', () => {
    const sorted = sortSample([10, 1, 4, 7]);
    expect(sampleQuantile(sorted, 0)).toBe(1);
    expect(sampleQuantile(sorted, 1)).toBe(10);
    expect(sampleQuantile(sorted, 0.5)).toBe(5.5); // R: quantile(c(1,4,7,10), .5) = 5.5
    expect(sampleQuantile(sorted, 0.1)).toBeCloseTo(1.9, 12); // R: 1.9
  });
});

describe('pinballLoss', () => {
  it('charges τ per unit above the quantile and 1 − τ below it', () => {
    expect(pinballLoss(10, 0.9, 12)).toBeCloseTo(1.8, 12);
    expect(pinballLoss(10, 0.9, 8)).toBeCloseTo(0.2, 12);
    expect(pinballLoss(10, 0.5, 10)).toBe(0);
  });
});

describe('probabilityIntegralTransform', () => {
  it('is the share of the sample below the observation, ties counted half', () => {
    const sorted = sortSample([1, 2, 2, 3]);
    expect(probabilityIntegralTransform(sorted, 0)).toBe(0);
    expect(probabilityIntegralTransform(sorted, 2)).toBe(0.5);
    expect(probabilityIntegralTransform(sorted, 2.5)).toBe(0.75);
    expect(probabilityIntegralTransform(sorted, 9)).toBe(1);
  });

  it('is uniform for observations drawn from the forecast itself', () => {
    const forecast = sortSample(Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000));
    const pits = Array.from({ length: 200 }, (_, i) => probabilityIntegralTransform(forecast, (i + 0.5) / 200));
    pits.forEach((pit, i) => expect(Math.abs(pit - (i + 0.5) / 200)).toBeLessThan(1e-3));
  });
});

describe('binomialInterval', () => {
  it('brackets n·p and holds at least the requested mass', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (n, p) => {
        const { low, high } = binomialInterval(n, p, 0.95);
        expect(low).toBeLessThanOrEqual(p + 1e-12);
        expect(high).toBeGreaterThanOrEqual(p - 1e-12);
        // exact mass inside [low·n, high·n]
        let mass = 0;
        let logChoose = 0;
        for (let k = 0; k <= n; k++) {
          if (k > 0) logChoose += Math.log((n - k + 1) / k);
          if (k >= Math.round(low * n) && k <= Math.round(high * n)) mass += Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        expect(mass).toBeGreaterThanOrEqual(0.95 - 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the familiar band for 30 cases at 80% coverage', () => {
    // Binomial(30, 0.8): P(K ≤ 18) = 0.0095 ≤ 0.025 < P(K ≤ 19) = 0.0256 → low 19;
    // P(K ≥ 29) = 0.0105 ≤ 0.025 < P(K ≥ 28) = 0.0442 → high 28
    expect(binomialInterval(30, 0.8, 0.95)).toEqual({ low: 19 / 30, high: 28 / 30 });
  });
});
