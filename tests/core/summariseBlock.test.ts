import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATHS_PER_CHUNK, PERCENTILES } from '../../src/core/defaults.js';
import { createPercentileWorkspace } from '../../src/core/percentilesOfBlock.js';
import { BLOCK_STATISTICS, chunkSum, summariseBlockInto } from '../../src/core/summarise.js';

/** The mean as a machine holding only some chunks would have to get it: each chunk summed in order, the chunk sums merged from 0 in chunk order. */
function meanFromChunkSums(values: Float64Array, starts: readonly number[]): number {
  let sum = 0;
  starts.forEach((start, c) => {
    let chunk = 0;
    for (let p = start; p < (starts[c + 1] ?? values.length); p++) chunk += values[p]!;
    sum = chunkSum(sum, chunk);
  });
  return sum / values.length;
}

function summary(values: Float64Array, chunkStarts?: Int32Array): Float64Array {
  const into = new Float64Array(BLOCK_STATISTICS);
  expect(summariseBlockInto(values, createPercentileWorkspace(values.length), into, 0, chunkStarts)).toBe(0);
  return into;
}

describe('summariseBlockInto', () => {
  it('sums chunk by chunk of PATHS_PER_CHUNK values, so chunk sums merged in order give the same mean to the bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * PATHS_PER_CHUNK + 17 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (n, seed) => {
        // values of different magnitudes, so the order of addition shows in the last bits
        let state = seed;
        const values = Float64Array.from({ length: n }, () => {
          state = (state * 48271) % 2147483647;
          return (state / 2147483647) * 10 ** (state % 7);
        });
        const starts = Array.from({ length: Math.ceil(n / PATHS_PER_CHUNK) }, (_, c) => c * PATHS_PER_CHUNK);
        expect(Object.is(summary(values)[0], meanFromChunkSums(values, starts))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('takes chunk boundaries where it is told (a conditioned block summed by the chunks its paths came from)', () => {
    const values = Float64Array.from({ length: 1000 }, (_, p) => 1 / (p + 1) + p * 1e6);
    const starts = [0, 3, 400, 401, 999];
    const into = summary(values, Int32Array.from(starts));
    expect(Object.is(into[0], meanFromChunkSums(values, starts))).toBe(true);
    // and the percentiles do not depend on the chunks
    expect(Array.from(into.subarray(1))).toEqual(Array.from(summary(values).subarray(1)));
    expect(into.length).toBe(1 + PERCENTILES.length);
  });
});
