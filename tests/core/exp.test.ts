import { describe, expect, it } from 'vitest';
import { exp } from '../../src/core/exp.js';
import { acrossScales, between, expectWithinUlps, sweep } from './elementary/ulpSweep.js';
import { expReference, ulpError } from './elementary/referenceFunctions.js';

const LARGEST_FINITE_ARGUMENT = 709.782712893384; // e^x just below the largest double
const SMALLEST_NONZERO_ARGUMENT = -745.1332191019411; // e^x rounds to 2^−1074

describe('exp, from IEEE operations only', () => {
  it('is within one ulp of the exact value over a million points of its domain', () => {
    const report = sweep(exp, expReference, [
      { label: 'central', count: 400_000, draw: between(-2, 2) },
      { label: 'whole finite range', count: 300_000, draw: between(-745, 709.78) },
      { label: 'every scale', count: 200_000, draw: acrossScales(-60, 9, 0) },
      { label: 'subnormal results', count: 50_000, draw: between(-745.13, -708.4) },
      { label: 'near overflow', count: 50_000, draw: between(700, LARGEST_FINITE_ARGUMENT) },
    ]);
    expectWithinUlps('exp', report, 1);
  });

  it('gives the special values ECMAScript and IEEE 754 call for', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(NaN)).toBeNaN();
    expect(exp(1)).toBe(Math.E);
    expect(exp(5e-324)).toBe(1); // a subnormal argument
    expect(exp(-5e-324)).toBe(1);
  });

  it('overflows and underflows exactly at the thresholds', () => {
    expect(exp(LARGEST_FINITE_ARGUMENT)).toBeLessThan(Infinity);
    expect(ulpError(exp(LARGEST_FINITE_ARGUMENT), expReference(LARGEST_FINITE_ARGUMENT))).toBeLessThan(1);
    expect(exp(709.7827128933841)).toBe(Infinity);
    expect(exp(SMALLEST_NONZERO_ARGUMENT)).toBe(5e-324);
    expect(exp(-745.1332191019412)).toBe(0);
    expect(exp(-708.3964185322641)).toBeGreaterThanOrEqual(2.2250738585072014e-308); // the last normal result
    expect(exp(-1e6)).toBe(0);
    expect(exp(1e6)).toBe(Infinity);
  });
});
