import { STREAM_RUN, nextUniform, seedStateInto } from '../core/random.js';

/** The one uniform a run's systematic resampling starts from: keyed by the seed alone, so the same on any backend. */
export function resampleUniform(seed: number): number {
  const state = new Uint32Array(4);
  seedStateInto(state, seed, 0, STREAM_RUN, 0);
  return nextUniform(state);
}
