import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapleyValuesInto } from '../../src/analysis/shapleyValues.js';

/** Coalition values of k inputs from an arbitrary function of the mask. */
function gameValues(inputCount: number, value: (mask: number) => number): Float64Array {
  const values = new Float64Array(1 << inputCount);
  for (let mask = 0; mask < values.length; mask++) values[mask] = value(mask);
  return values;
}

function shapley(inputCount: number, values: ArrayLike<number>): number[] {
  const into = new Float64Array(inputCount);
  shapleyValuesInto(inputCount, values, into);
  return [...into];
}

const games = fc
  .integer({ min: 1, max: 8 })
  .chain((inputCount) => fc.tuple(fc.constant(inputCount), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1 << inputCount, maxLength: 1 << inputCount })));

describe('shapleyValuesInto', () => {
  it('with one input, gives v(all) − v(none) exactly', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), (none, all) => shapley(1, [none, all])[0] === all - none));
  });

  it('adds up to v(all) − v(none) (efficiency), within rounding of the largest term', () => {
    fc.assert(
      fc.property(games, ([inputCount, values]) => {
        const parts = shapley(inputCount, values);
        const sum = parts.reduce((total, part) => total + part, 0);
        const scale = Math.max(1, ...values.map(Math.abs));
        // 2^k terms of at most 2·scale each, rounded at most once per addition
        const tolerance = 4 * (1 << inputCount) * scale * Number.EPSILON * (inputCount + 2);
        expect(Math.abs(sum - (values[values.length - 1]! - values[0]!))).toBeLessThanOrEqual(tolerance);
      }),
    );
  });

  it('gives exactly 0 to an input that changes nothing, and its marginal effect to each input of an additive game', () => {
    const effects = [3, -1.5, 0.25, 8];
    const additive = gameValues(4, (mask) => effects.reduce((total, effect, i) => total + ((mask >> i) & 1 ? effect : 0), 0));
    expect(
      shapley(4, additive)
        .map((part, i) => part - effects[i]!)
        .every((error) => Math.abs(error) < 1e-12),
    ).toBe(true);
    const ignoresInputTwo = gameValues(3, (mask) => ((mask & 1) !== 0 ? 5 : 0) + ((mask & 2) !== 0 ? 1 : 0) * ((mask & 1) !== 0 ? 2 : 1));
    expect(shapley(3, ignoresInputTwo)[2]).toBe(0);
  });

  it('splits a pure interaction equally: v = 1 only when both inputs are switched', () => {
    expect(shapley(2, [0, 0, 0, 1])).toEqual([0.5, 0.5]);
  });

  it('negates every value, to the bit, when A and B swap roles', () => {
    fc.assert(
      fc.property(games, ([inputCount, values]) => {
        const all = values.length - 1;
        const swapped = values.map((_, mask) => values[all ^ mask]!);
        const forward = shapley(inputCount, values);
        const backward = shapley(inputCount, swapped);
        forward.forEach((part, i) => expect(-backward[i]! === part, `input ${i}: ${part} vs ${backward[i]}`).toBe(true));
      }),
    );
  });
});
