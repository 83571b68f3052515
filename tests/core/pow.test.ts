import { describe, expect, it } from 'vitest';
import { pow } from '../../src/core/pow.js';
import { acrossScales, between, expectWithinUlps, sweep } from './elementary/ulpSweep.js';
import { powReference } from './elementary/referenceFunctions.js';

/** (x, y) with x from one draw and y from another */
const pair = (x: (random: () => number) => number, y: (random: () => number) => number) => (random: () => number) => [x(random), y(random)] as const;
const integer = (min: number, max: number) => (random: () => number) => Math.floor(min + (max - min + 1) * random());

describe('pow, from IEEE operations only', () => {
  it('is within one ulp of the exact value over a million points of its domain', () => {
    const report = sweep(pow, powReference, [
      { label: 'growth factors', count: 300_000, draw: pair(between(0.5, 2), between(-40, 40)) },
      { label: 'moderate', count: 250_000, draw: pair(between(0, 100), between(-10, 10)) },
      { label: 'every scale of x', count: 150_000, draw: pair(acrossScales(-1022, 1023), between(-0.9, 0.9)) },
      { label: 'x near one, y large', count: 100_000, draw: pair(between(0.999, 1.001), between(-5e5, 5e5)) },
      { label: 'negative x, integer y', count: 100_000, draw: pair(between(-10, 0), integer(-60, 60)) },
      { label: 'subnormal results', count: 50_000, draw: pair(between(0.5, 0.6), between(1030, 1070)) },
      { label: 'subnormal x', count: 50_000, draw: pair(acrossScales(-1074, -1023), between(-0.9, 0.9)) },
    ]);
    expectWithinUlps('pow', report, 1);
  });

  it('follows ECMAScript for the special values', () => {
    expect(pow(NaN, 0)).toBe(1);
    expect(pow(NaN, -0)).toBe(1);
    expect(pow(2, NaN)).toBeNaN();
    expect(pow(NaN, 1)).toBeNaN();
    expect(pow(1, Infinity)).toBeNaN();
    expect(pow(-1, -Infinity)).toBeNaN();
    expect(pow(1.5, Infinity)).toBe(Infinity);
    expect(pow(1.5, -Infinity)).toBe(0);
    expect(pow(0.5, Infinity)).toBe(0);
    expect(pow(0.5, -Infinity)).toBe(Infinity);
    expect(Object.is(pow(0, 3), 0)).toBe(true);
    expect(Object.is(pow(-0, 3), -0)).toBe(true);
    expect(Object.is(pow(-0, 2), 0)).toBe(true);
    expect(pow(0, -1)).toBe(Infinity);
    expect(pow(-0, -3)).toBe(-Infinity);
    expect(pow(-0, -2)).toBe(Infinity);
    expect(pow(Infinity, 0.5)).toBe(Infinity);
    expect(pow(Infinity, -0.5)).toBe(0);
    expect(pow(-Infinity, 3)).toBe(-Infinity);
    expect(pow(-Infinity, 2)).toBe(Infinity);
    expect(Object.is(pow(-Infinity, -3), -0)).toBe(true);
    expect(pow(-8, 1 / 3)).toBeNaN();
    expect(pow(-2, 3)).toBe(-8);
    expect(pow(2, -1074)).toBe(5e-324);
    expect(pow(2, -1075)).toBe(0);
    expect(pow(2, 1023)).toBe(8.98846567431158e307);
    expect(pow(2, 1024)).toBe(Infinity);
    expect(pow(10, 308)).toBeLessThan(Infinity);
    expect(pow(10, 309)).toBe(Infinity);
    expect(pow(1.0000001, 1e20)).toBe(Infinity);
    expect(pow(0.9999999, 1e20)).toBe(0);
  });

  it('is exact for integer powers that are representable', () => {
    for (let base = -12; base <= 12; base++) {
      for (let exponent = 0; exponent <= 14; exponent++) {
        let exact = 1;
        for (let i = 0; i < exponent; i++) exact *= base;
        expect(pow(base, exponent), `${base}^${exponent}`).toBe(exact);
      }
    }
    expect(pow(4, 0.5)).toBe(2);
    expect(pow(2, 0.5)).toBe(Math.sqrt(2));
  });
});
