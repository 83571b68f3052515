import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareQuantile } from '../../src/core/chiSquareQuantile.js';
import { regularizedLowerGamma } from '../../src/core/incompleteGamma.js';
import { studentTCdf } from '../../src/core/studentTCdf.js';
import { studentTQuantile } from '../../src/core/studentTQuantile.js';

/** Printed tables carry four or five significant digits. */
const TABLE_TOLERANCE = 5e-4;

describe('Student t', () => {
  it('matches printed critical values (Abramowitz & Stegun table 26.10)', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5706, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 3);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.6973, 3);
    expect(Math.abs(studentTCdf(2.2281, 10) - 0.975)).toBeLessThan(TABLE_TOLERANCE);
  });

  it('inverts its distribution function and is symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 200 }), (p, nu) => {
        const t = studentTQuantile(p, nu);
        expect(Math.abs(studentTCdf(t, nu) - p)).toBeLessThan(1e-9);
        expect(studentTQuantile(1 - p, nu)).toBeCloseTo(-t, 8);
      }),
      { numRuns: 100 },
    );
  });
});

describe('chi-square', () => {
  it('matches printed quantiles', () => {
    expect(chiSquareQuantile(0.95, 5)).toBeCloseTo(11.0705, 3);
    expect(chiSquareQuantile(0.025, 7)).toBeCloseTo(1.6899, 3);
    expect(chiSquareQuantile(0.975, 10)).toBeCloseTo(20.4832, 3);
  });

  it('has P(1, x) = 1 − e^{−x} (the exponential distribution)', () => {
    for (const x of [0.01, 0.5, 1, 3, 10, 30]) expect(regularizedLowerGamma(1, x)).toBeCloseTo(-Math.expm1(-x), 13);
  });
});
