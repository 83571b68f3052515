import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/core/incompleteBeta.js';
import { wilsonInterval, Z_95 } from '../../src/core/wilsonInterval.js';

// A target's 95% interval (Wilson's score interval with continuity correction): unlike
// p̂ ± 1.96·√(p̂(1 − p̂)/n) it does not shrink to a point when no path (or every path) meets the
// target — which is when an economist most needs to know how small "0.0%" may be — and it keeps
// its coverage when fewer than one path is expected to hit.

/** The exact probability that a 95% interval from K ~ Binomial(n, p) hits covers p. */
function exactCoverage(n: number, p: number, interval: (hits: number, n: number) => { low: number; high: number }): number {
  let covered = 0;
  for (let k = 0; k <= n; k++) {
    const mass = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    if (mass < 1e-15 && k > n * p) break;
    const { low, high } = interval(k, n);
    if (low <= p && p <= high) covered += mass;
  }
  return covered;
}

const wald = (hits: number, n: number) => {
  const p = hits / n;
  const half = Z_95 * Math.sqrt((p * (1 - p)) / n);
  return { low: p - half, high: p + half };
};

describe('wilsonInterval', () => {
  it('holds the estimate, stays in [0, 1], and mirrors under hits ↔ misses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, fraction) => {
        const hits = Math.round(fraction * n);
        const { low, high } = wilsonInterval(hits / n, n);
        const mirrored = wilsonInterval((n - hits) / n, n);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(hits / n + 1e-15);
        expect(high).toBeGreaterThanOrEqual(hits / n - 1e-15);
        expect(mirrored.low).toBeCloseTo(1 - high, 12);
        expect(mirrored.high).toBeCloseTo(1 - low, 12);
      }),
    );
  });

  it('gives no hit in n paths an upper bound of 4.6–4.8/n, not zero', () => {
    for (const n of [100, 10_000, 1_000_000]) {
      const { low, high } = wilsonInterval(0, n);
      expect(low).toBe(0);
      // (z² + 1 + z·√(z² + 2 − 1/n)) / (2(n + z²))
      expect(high).toBeCloseTo((Z_95 * Z_95 + 1 + Z_95 * Math.sqrt(Z_95 * Z_95 + 2 - 1 / n)) / (2 * (n + Z_95 * Z_95)), 15);
      expect(high * n).toBeGreaterThan(4.6);
    }
  });

  it('covers the true probability about 95% of the time, also when fewer than one path is expected to hit', () => {
    const n = 10_000;
    for (const expectedHits of [0.15, 1, 5, 50, 3_000]) {
      const p = expectedHits / n;
      const coverage = exactCoverage(n, p, (hits, trials) => wilsonInterval(hits / trials, trials));
      expect(coverage, `n·p = ${expectedHits}`).toBeGreaterThan(0.945);
      expect(coverage, `n·p = ${expectedHits}`).toBeLessThan(0.999);
    }
    // the ± standard error it replaces for rare targets covers far less: 14% at n·p = 0.15
    expect(exactCoverage(n, 0.15 / n, wald)).toBeLessThan(0.2);
    expect(exactCoverage(n, 3_000 / n, wald)).toBeGreaterThan(0.94);
  });
});
