import { expect } from 'vitest';
import { twoTo } from './doubleDouble.js';
import { ulpError, type ScaledValue } from './referenceFunctions.js';

/** Points drawn for one part of a function's domain: one argument, or several. */
export interface Sampler {
  readonly label: string;
  readonly count: number;
  readonly draw: (random: () => number) => number | readonly number[];
}

export interface SweepReport {
  readonly points: number;
  readonly maxUlp: number;
  readonly worstArgument: number | readonly number[];
  /** share of points whose result is the correctly rounded one (error ≤ 1/2 ulp) */
  readonly correctlyRounded: number;
}

/** A fixed xorshift32 stream of uniforms in [0, 1): the same points on every run. */
export function uniformStream(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Uniform in [min, max). */
export const between = (min: number, max: number) => (random: () => number) => min + (max - min) * random();

/** A random significand times 2^e with e uniform in [minExponent, maxExponent]: every scale equally often. */
export const acrossScales =
  (minExponent: number, maxExponent: number, sign: 1 | -1 | 0 = 1) =>
  (random: () => number) => {
    const exponent = minExponent + Math.floor((maxExponent - minExponent + 1) * random());
    const value = (1 + random()) * twoTo(exponent);
    return sign === 0 ? (random() < 0.5 ? -value : value) : sign * value;
  };

/** Measures `f` against `reference` at every sampler's points and returns the worst error. */
export function sweep(f: (...args: number[]) => number, reference: (...args: number[]) => ScaledValue, samplers: readonly Sampler[], seed = 20261130): SweepReport {
  const random = uniformStream(seed);
  let points = 0;
  let maxUlp = 0;
  let worstArgument: number | readonly number[] = NaN;
  let rounded = 0;
  for (const sampler of samplers) {
    for (let i = 0; i < sampler.count; i++) {
      const x = sampler.draw(random);
      const args = typeof x === 'number' ? [x] : x;
      const error = ulpError(f(...args), reference(...args));
      points++;
      if (error <= 0.5) rounded++;
      if (!(error <= maxUlp)) {
        maxUlp = error;
        worstArgument = x;
      }
    }
  }
  return { points, maxUlp, worstArgument, correctlyRounded: rounded / points };
}

/** Asserts a sweep's size and its worst error, and prints what it measured. */
export function expectWithinUlps(name: string, report: SweepReport, bound: number): void {
  console.log(
    `${name}: ${report.points.toLocaleString('en')} points, max error ${report.maxUlp.toFixed(3)} ulp at ${String(report.worstArgument)}, ` +
      `${(100 * report.correctlyRounded).toFixed(2)}% correctly rounded`,
  );
  expect(report.points).toBeGreaterThanOrEqual(1_000_000);
  expect(report.maxUlp, `worst at ${String(report.worstArgument)}`).toBeLessThan(bound);
}
