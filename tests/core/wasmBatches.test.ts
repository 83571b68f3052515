import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesFromBase64 } from '../../src/core/bytesFromBase64.js';
import { exp } from '../../src/core/exp.js';
import { normalQuantile } from '../../src/core/normalQuantile.js';
import { WASM_KERNEL_BASE64 } from '../../src/core/wasmKernelBinary.js';
import { PROPERTY_SEED } from '../scenarioArbitraries.js';

// The WebAssembly kernel's SIMD batches (wasm/batches.ts, wasm/logPair.ts) against the
// TypeScript core's scalar functions, value by value and bit for bit — on the edges of each
// fast path (exp's |x| near 2^−28, 708, 709 and x = 1; the normal quantile's central region
// |p − 0.5| = 0.425, its tail formula's r = 5, p next to 0 and 1; ln's significands next to a
// power of two), on non-finite input, and on random doubles, in pairs that mix the cases.

interface Batches {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  expPairsInPlace(values: number, count: number): void;
  normalQuantilePairsInPlace(values: number, count: number): void;
}

const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytesFromBase64(WASM_KERNEL_BASE64)), {}).exports as unknown as Batches;

/** The batch applied to `values` (an even number of them, as pairs), read back. */
function batch(name: 'expPairsInPlace' | 'normalQuantilePairsInPlace', values: readonly number[]): Float64Array {
  const at = Math.ceil(kernel.heapBase() / 16) * 16 + 1024;
  const needed = at + values.length * 8;
  if (kernel.memory.buffer.byteLength < needed) kernel.memory.grow(Math.ceil((needed - kernel.memory.buffer.byteLength) / 65_536));
  new Float64Array(kernel.memory.buffer, at, values.length).set(values);
  kernel[name](at, values.length / 2);
  return new Float64Array(kernel.memory.buffer, at, values.length).slice();
}

const bits = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
/** The values whose results differ in any bit from the scalar function's. */
function mismatches(name: 'expPairsInPlace' | 'normalQuantilePairsInPlace', scalar: (x: number) => number, values: readonly number[]): string[] {
  const padded = values.length % 2 ? [...values, values[0]!] : values;
  const got = batch(name, padded);
  return padded.flatMap((x, i) => (bits(got[i]!) === bits(scalar(x)) ? [] : [`${x} → ${got[i]} (scalar ${scalar(x)})`]));
}

const around = (x: number) => [x, x * (1 - 2 ** -52), x * (1 + 2 ** -52), -x, -x * (1 - 2 ** -52), -x * (1 + 2 ** -52)];
const EXP_EDGES = [...[2 ** -28, 708, 709, 709.782712893384, 745.1332191019411, 0.5 * Math.LN2, 1.5 * Math.LN2, 1].flatMap(around), 0, -0, 5e-324, NaN, Infinity, -Infinity, 1e-20, 3, -3];
const QUANTILE_EDGES = [
  ...[0.075, 0.925, 0.5, 1.3887943864964021e-11, 1 - 1.3887943864964021e-11].flatMap((p) => [p, p * (1 - 2 ** -52), p * (1 + 2 ** -52)]),
  0,
  1,
  5e-324,
  2 ** -1022,
  1e-300,
  1 - 2 ** -53,
  0.25,
  0.75,
  0.5 + 2 ** -20,
  0.5 - 2 ** -21,
  NaN,
  1.5,
  -0.5,
];

describe('the WebAssembly SIMD batches', () => {
  it("give exp's bits on the edges of its fast path and off it, in every pairing", () => {
    const pairs = EXP_EDGES.flatMap((a) => EXP_EDGES.flatMap((b) => [a, b]));
    expect(mismatches('expPairsInPlace', exp, pairs)).toEqual([]);
  });

  it("give exp's bits on random doubles", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -800, max: 800 }), fc.double({ min: -1e-8, max: 1e-8 }), fc.double()), { minLength: 2, maxLength: 64 }), (xs) => {
        expect(mismatches('expPairsInPlace', exp, xs)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
  });

  it("give the normal quantile's bits on the edges of its central region and its tails, in every pairing", () => {
    const pairs = QUANTILE_EDGES.flatMap((a) => QUANTILE_EDGES.flatMap((b) => [a, b]));
    expect(mismatches('normalQuantilePairsInPlace', normalQuantile, pairs)).toEqual([]);
  });

  it("give the normal quantile's bits on random probabilities, the tails' many and few", () => {
    const probability = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.08, noNaN: true }),
      fc.double({ min: 0.92, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1e-12, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(probability, { minLength: 2, maxLength: 600 }), (ps) => {
        expect(mismatches('normalQuantilePairsInPlace', normalQuantile, ps)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
  });
});
