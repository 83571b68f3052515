import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyedUniformsInto, mix32, nextUint32, nextUniform, pathKeyHash, seedStateInto } from '../../src/core/random.js';

describe('xoshiro128**', () => {
  it('matches the reference C implementation from the state {1, 2, 3, 4}', () => {
    // printed by tests/fixtures/xoshiro128starstar.c, the authors' reference code
    const expected = new Map([
      [0, 11520],
      [1, 0],
      [2, 5927040],
      [3, 70819200],
      [4, 2031721883],
      [5, 1637235492],
      [6, 1287239034],
      [7, 3734860849],
      [999, 3170714187],
    ]);
    const state = new Uint32Array([1, 2, 3, 4]);
    for (let i = 0; i < 1000; i++) {
      const value = nextUint32(state);
      if (expected.has(i)) expect(value, `draw ${i}`).toBe(expected.get(i));
    }
  });

  it('gives uniforms strictly inside (0, 1) whose histogram passes a chi-square test', () => {
    const state = new Uint32Array(4);
    seedStateInto(state, 7, 0, 1, 0);
    const bins = new Array<number>(100).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const u = nextUniform(state);
      expect(u > 0 && u < 1).toBe(true);
      bins[Math.floor(u * 100)]!++;
    }
    const expectedCount = draws / 100;
    const chiSquare = bins.reduce((sum, count) => sum + (count - expectedCount) ** 2 / expectedCount, 0);
    // 99 degrees of freedom: the 99.9th percentile of χ² is about 148
    expect(chiSquare).toBeLessThan(148);
  });
});

describe('keyed seeding', () => {
  it('gives the same stream for the same (seed, path, stream, year) and different streams otherwise', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(0xffffffff), fc.nat(1e6), fc.integer({ min: 1, max: 3 }), fc.nat(100)), fc.integer({ min: 0, max: 3 }), ([seed, path, stream, year], which) => {
        const a = new Uint32Array(4);
        const b = new Uint32Array(4);
        seedStateInto(a, seed, path, stream, year);
        seedStateInto(b, seed, path, stream, year);
        expect(Array.from(a)).toEqual(Array.from(b));
        const key = [seed, path, stream, year];
        key[which] = (key[which]! + 1) >>> 0;
        seedStateInto(b, key[0]!, key[1]!, key[2]!, key[3]!);
        const first = [nextUint32(a), nextUint32(a)];
        const other = [nextUint32(b), nextUint32(b)];
        expect(first).not.toEqual(other);
      }),
    );
  });

  it('gives the same uniforms from keyedUniformsInto (state in locals) as from seedStateInto + nextUniform', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 64 }), (seed, path, stream, year, count) => {
        const state = new Uint32Array(4);
        seedStateInto(state, seed, path, stream, year);
        const expected = Array.from({ length: count }, () => nextUniform(state));
        const keyed = new Float64Array(count);
        keyedUniformsInto(keyed, count, pathKeyHash(seed, path), stream, year);
        expect(Array.from(keyed)).toEqual(expected);
      }),
    );
  });

  it('uses a bijective mixer', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(mix32(i));
    expect(seen.size).toBe(100_000);
  });
});
