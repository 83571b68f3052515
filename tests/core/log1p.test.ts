import { describe, expect, it } from 'vitest';
import { log1p } from '../../src/core/log1p.js';
import { acrossScales, between, expectWithinUlps, sweep } from './elementary/ulpSweep.js';
import { log1pReference, ulpError } from './elementary/referenceFunctions.js';

describe('log1p, from IEEE operations only', () => {
  it('is within one ulp of the exact value over a million points of its domain', () => {
    const report = sweep(log1p, log1pReference, [
      { label: 'central', count: 300_000, draw: between(-1, 3) },
      { label: 'around the reduction thresholds', count: 100_000, draw: between(-0.3, 0.42) },
      { label: 'small, both signs', count: 300_000, draw: acrossScales(-60, -1, 0) },
      { label: 'large', count: 200_000, draw: acrossScales(0, 1023) },
      { label: 'near −1', count: 100_000, draw: (random) => -1 + acrossScales(-52, -2)(random) },
    ]);
    expectWithinUlps('log1p', report, 1);
  });

  it('gives the special values ECMAScript and IEEE 754 call for', () => {
    expect(Object.is(log1p(0), 0)).toBe(true);
    expect(Object.is(log1p(-0), -0)).toBe(true);
    expect(log1p(-1)).toBe(-Infinity);
    expect(log1p(-1.5)).toBeNaN();
    expect(log1p(-Infinity)).toBeNaN();
    expect(log1p(Infinity)).toBe(Infinity);
    expect(log1p(NaN)).toBeNaN();
    expect(log1p(5e-324)).toBe(5e-324); // subnormal: log1p(x) = x to within far less than an ulp
    expect(log1p(-5e-324)).toBe(-5e-324);
  });

  it('is accurate at the ends of the doubles', () => {
    for (const x of [2.2250738585072014e-308, 1e-300, Number.MAX_VALUE, -1 + Number.EPSILON / 2]) {
      expect(ulpError(log1p(x), log1pReference(x)), `log1p(${x})`).toBeLessThan(1);
    }
  });
});
