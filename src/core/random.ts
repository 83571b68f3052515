/**
 * Counter-keyed random streams on typed state.
 *
 * Every draw is keyed by (master seed, path key, stream, year): the state of a small
 * xoshiro128** generator is derived by hashing those four numbers, then the generator is
 * advanced a fixed number of times for that key. So a path's random numbers do not depend on
 * how paths are split between threads or chunks, nor on the other paths in the run, and two
 * scenarios run with the same seed see the same numbers for the same path, stream and year
 * (common random numbers).
 *
 * xoshiro128**: Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021 (https://prng.di.unimi.it/xoshiro128starstar.c).
 * The key hash is MurmurHash3's 32-bit finaliser (fmix32, Appleby 2011), applied as in
 * splitmix to a Weyl sequence so that the four state words are independent.
 */

/** Streams: each is an independent sequence for the same (seed, path, year). */
export const STREAM_PARAMETERS = 1;
export const STREAM_MACRO = 2;
export const STREAM_SECTORS = 3;
/** The run's own draws that belong to no path (resampling paths to an observation), keyed with path key 0. */
export const STREAM_RUN = 4;

/** The "year" under which per-path parameter draws are keyed (they happen once, before year 0). */
export const PARAMETER_YEAR_KEY = 0xffff;

const GOLDEN = 0x9e3779b9;
/** 2^−32: maps a 32-bit word k to the uniform (k + 0.5)·2^−32. */
const UNIFORM_SCALE = 2.3283064365386963e-10;

/** MurmurHash3 fmix32: a bijective avalanche of a 32-bit word. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The part of a draw's key that depends only on (seed, path key): the engine hashes it once per
 * path and passes it to `keyedUniformsInto` for every stream and year of that path.
 */
export function pathKeyHash(seed: number, pathKey: number): number {
  return mix32((mix32(seed ^ GOLDEN) ^ pathKey) >>> 0);
}

/**
 * Seeds `state` (4 words) for the draws keyed by (seed, pathKey, stream, year).
 * Mutates `state` in place.
 */
export function seedStateInto(state: Uint32Array, seed: number, pathKey: number, stream: number, year: number): void {
  let weyl = streamKey(pathKeyHash(seed, pathKey), stream, year);
  for (let i = 0; i < 4; i++) {
    weyl = (weyl + GOLDEN) >>> 0;
    state[i] = mix32(weyl);
  }
  // xoshiro's only bad state is all zeros; fmix32 is a bijection, so this needs all four
  // Weyl terms to hash to zero at once — impossible, but cheap to rule out.
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
}

/**
 * Writes the first `count` uniforms of the stream keyed by (path hash, stream, year) into
 * `into[0..count)` — the same numbers as `seedStateInto` then `count` × `nextUniform`, with
 * the xoshiro128** state held in locals (the engine's hot loop calls this twice per path-year).
 */
export function keyedUniformsInto(into: Float64Array, count: number, pathHash: number, stream: number, year: number): void {
  let weyl = streamKey(pathHash, stream, year);
  weyl = (weyl + GOLDEN) >>> 0;
  let s0 = mix32(weyl);
  weyl = (weyl + GOLDEN) >>> 0;
  let s1 = mix32(weyl);
  weyl = (weyl + GOLDEN) >>> 0;
  let s2 = mix32(weyl);
  weyl = (weyl + GOLDEN) >>> 0;
  let s3 = mix32(weyl);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  // the words are kept as int32 here and as uint32 in `nextUint32`: the same bits either way
  for (let i = 0; i < count; i++) {
    const m = Math.imul(s1, 5);
    const word = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s1 ^= n2;
    s0 ^= n3;
    s2 = n2 ^ t;
    s3 = (n3 << 11) | (n3 >>> 21);
    into[i] = (word + 0.5) * UNIFORM_SCALE;
  }
}

function streamKey(pathHash: number, stream: number, year: number): number {
  return mix32((pathHash + Math.imul(stream, 0x85ebca77) + Math.imul(year, 0xc2b2ae3d)) >>> 0);
}

/** Advances the xoshiro128** state in place and returns the next unsigned 32-bit word. */
export function nextUint32(state: Uint32Array): number {
  const s0 = state[0]!;
  const s1 = state[1]!;
  const s2 = state[2]!;
  const s3 = state[3]!;
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  state[1] = s1 ^ n2;
  state[0] = s0 ^ n3;
  state[2] = n2 ^ t;
  state[3] = (n3 << 11) | (n3 >>> 21);
  return result;
}

/** Next uniform in the open interval (0, 1): (k + 0.5) / 2^32, so never 0 or 1. */
export function nextUniform(state: Uint32Array): number {
  return (nextUint32(state) + 0.5) * UNIFORM_SCALE;
}
