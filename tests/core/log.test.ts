import { describe, expect, it } from 'vitest';
import { log } from '../../src/core/log.js';
import { acrossScales, between, expectWithinUlps, sweep } from './elementary/ulpSweep.js';
import { logReference, ulpError } from './elementary/referenceFunctions.js';

describe('log, from IEEE operations only', () => {
  it('is within one ulp of the exact value over a million points of its domain', () => {
    const report = sweep(log, logReference, [
      { label: 'central', count: 300_000, draw: between(0, 10) },
      { label: 'near one', count: 200_000, draw: between(0.9, 1.1) },
      { label: 'very near one', count: 100_000, draw: between(1 - 1e-6, 1 + 1e-6) },
      { label: 'every scale', count: 300_000, draw: acrossScales(-1022, 1023) },
      { label: 'subnormal arguments', count: 100_000, draw: acrossScales(-1074, -1023) },
    ]);
    expectWithinUlps('log', report, 1);
  });

  it('gives the special values ECMAScript and IEEE 754 call for', () => {
    expect(log(1)).toBe(0);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(NaN)).toBeNaN();
  });

  it('is accurate at the ends of the doubles', () => {
    for (const x of [5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, 1 + Number.EPSILON, 1 - Number.EPSILON / 2]) {
      expect(ulpError(log(x), logReference(x)), `log(${x})`).toBeLessThan(1);
    }
  });
});
