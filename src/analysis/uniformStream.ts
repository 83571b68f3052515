import { nextUniform, seedStateInto } from '../core/random.js';

/** A sequence of uniforms in (0, 1), reproducible from (seed, stream). */
export interface UniformStream {
  next(): number;
}

/**
 * One xoshiro128** sequence keyed by (seed, stream) through the engine's key hash, for designs,
 * bootstrap resamples and back-test draws: reproducible from the seed the result records, and
 * independent of the engine's own streams (which use stream ids 1–3).
 */
export function createUniformStream(seed: number, stream: number, key = 0): UniformStream {
  const state = new Uint32Array(4);
  seedStateInto(state, seed, key, stream, 0);
  return { next: () => nextUniform(state) };
}
