import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERCENTILES } from '../../src/core/defaults.js';
import { createPercentileWorkspace, percentilesOfBlock } from '../../src/core/percentilesOfBlock.js';
import { selectInPlace } from '../../src/core/selectInPlace.js';

/** Hyndman & Fan definition 7 on a sorted copy: the slow, obvious way. */
function sortedPercentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const next = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return sorted[below]! + (h - below) * (next - sorted[below]!);
}

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

/** percentilesOfBlock with the block's own min and max, checking that it leaves the block unchanged. */
function percentiles(values: readonly number[]): Float64Array {
  const block = Float64Array.from(values);
  const into = new Float64Array(PERCENTILES.length);
  percentilesOfBlock(block, Math.min(...values), Math.max(...values), PERCENTILES, into, createPercentileWorkspace(values.length));
  expect(Array.from(block)).toEqual(values);
  return into;
}

describe('percentilesOfBlock', () => {
  it('equals the sorted definition-7 percentiles for any sample, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(finite, fc.constantFrom(0, 1, 1, 2)), { minLength: 1, maxLength: 400 }), (values) => {
        const into = percentiles(values);
        PERCENTILES.forEach((q, i) => expect(into[i]! === sortedPercentile(values, q), `p${q * 100}`).toBe(true)); // == treats −0 as 0
      }),
    );
  });

  it('gives p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 300 }), (values) => {
        const into = percentiles(values);
        for (let i = 1; i < into.length; i++) expect(into[i]!).toBeGreaterThanOrEqual(into[i - 1]!);
      }),
    );
  });

  it('equals the sorted percentiles on large skewed samples, where one bucket holds most values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 2_000, max: 30_000 }), (seed, n) => {
        let state = seed;
        const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
        // heavy right tail plus a spike of ties and a few huge outliers
        const values = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 1e12 * next() : i % 5 === 0 ? 3 : Math.exp(4 * next())));
        const into = percentiles(values);
        PERCENTILES.forEach((q, i) => expect(into[i], `p${q * 100}`).toBe(sortedPercentile(values, q)));
      }),
      { numRuns: 20 },
    );
  });
});

describe('selectInPlace', () => {
  it('puts the k-th smallest at k with smaller values before and larger after', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 300 }), fc.nat(), (values, seed) => {
        const k = seed % values.length;
        const array = Float64Array.from(values);
        selectInPlace(array, k);
        const sorted = [...values].sort((a, b) => a - b);
        expect(array[k]).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(array[i]!).toBeLessThanOrEqual(array[k]!);
        for (let i = k + 1; i < array.length; i++) expect(array[i]!).toBeGreaterThanOrEqual(array[k]!);
      }),
    );
  });
});
