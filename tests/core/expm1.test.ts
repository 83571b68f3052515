import { describe, expect, it } from 'vitest';
import { expm1 } from '../../src/core/expm1.js';
import { acrossScales, between, expectWithinUlps, sweep } from './elementary/ulpSweep.js';
import { expm1Reference, ulpError } from './elementary/referenceFunctions.js';

describe('expm1, from IEEE operations only', () => {
  it('is within one ulp of the exact value over a million points of its domain', () => {
    const report = sweep(expm1, expm1Reference, [
      { label: 'central', count: 300_000, draw: between(-2, 2) },
      { label: 'small, both signs', count: 300_000, draw: acrossScales(-60, -1, 0) },
      { label: 'the scaling branches', count: 200_000, draw: between(-45, 45) },
      { label: 'large', count: 150_000, draw: between(45, 709.78) },
      { label: 'very negative', count: 50_000, draw: between(-745, -45) },
    ]);
    expectWithinUlps('expm1', report, 1);
  });

  it('gives the special values ECMAScript and IEEE 754 call for', () => {
    expect(Object.is(expm1(0), 0)).toBe(true);
    expect(Object.is(expm1(-0), -0)).toBe(true);
    expect(expm1(Infinity)).toBe(Infinity);
    expect(expm1(-Infinity)).toBe(-1);
    expect(expm1(NaN)).toBeNaN();
    expect(expm1(5e-324)).toBe(5e-324);
    expect(expm1(-5e-324)).toBe(-5e-324);
    expect(expm1(-40)).toBe(-1); // e^−40 is below half an ulp of −1
    expect(expm1(-36)).toBeGreaterThan(-1); // e^−36 is not
  });

  it('overflows exactly at the threshold and tends to −1 below', () => {
    expect(expm1(709.782712893384)).toBeLessThan(Infinity);
    expect(ulpError(expm1(709.782712893384), expm1Reference(709.782712893384))).toBeLessThan(1);
    expect(expm1(709.7827128933841)).toBe(Infinity);
    expect(expm1(-745)).toBe(-1);
  });
});
