// Counter-keyed xoshiro128** streams: the numbers of src/core/random.ts (see there for the
// design and the references), in 32-bit integer arithmetic, which wraps as Math.imul does.

const GOLDEN: u32 = 0x9e3779b9;
const UNIFORM_SCALE: f64 = 2.3283064365386963e-10;

/** MurmurHash3 fmix32. */
// @ts-ignore: decorator
@inline export function mix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

/** The part of a draw's key that depends only on (seed, path key). */
// @ts-ignore: decorator
@inline export function pathKeyHash(seed: u32, pathKey: u32): u32 {
  return mix32(mix32(seed ^ GOLDEN) ^ pathKey);
}

/**
 * Writes the first `count` uniforms of the stream keyed by (path hash, stream, year) as f64 at
 * `into`: (word + 0.5)·2^−32, in (0, 1).
 */
// @ts-ignore: decorator
@inline export function keyedUniformsInto(into: usize, count: i32, pathHash: u32, stream: u32, year: u32): void {
  let weyl = mix32(pathHash + stream * 0x85ebca77 + year * 0xc2b2ae3d);
  weyl += GOLDEN;
  let s0 = mix32(weyl);
  weyl += GOLDEN;
  let s1 = mix32(weyl);
  weyl += GOLDEN;
  let s2 = mix32(weyl);
  weyl += GOLDEN;
  let s3 = mix32(weyl);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
  for (let i = 0; i < count; i++) {
    const word = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s1 ^= n2;
    s0 ^= n3;
    s2 = n2 ^ t;
    s3 = rotl<u32>(n3, 11);
    store<f64>(into + (<usize>i << 3), (<f64>word + 0.5) * UNIFORM_SCALE);
  }
}

/**
 * As `keyedUniformsInto`, into lane `lane` (0 or 1) of `count` 16-byte pairs at `into`: the
 * two paths of a pair keep their uniforms side by side, as SIMD lanes.
 */
// @ts-ignore: decorator
@inline export function keyedUniformsIntoLane(into: usize, count: i32, pathHash: u32, stream: u32, year: u32, lane: i32): void {
  let weyl = mix32(pathHash + stream * 0x85ebca77 + year * 0xc2b2ae3d);
  weyl += GOLDEN;
  let s0 = mix32(weyl);
  weyl += GOLDEN;
  let s1 = mix32(weyl);
  weyl += GOLDEN;
  let s2 = mix32(weyl);
  weyl += GOLDEN;
  let s3 = mix32(weyl);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
  const base = into + (<usize>lane << 3);
  for (let i = 0; i < count; i++) {
    const word = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s1 ^= n2;
    s0 ^= n3;
    s2 = n2 ^ t;
    s3 = rotl<u32>(n3, 11);
    store<f64>(base + (<usize>i << 4), (<f64>word + 0.5) * UNIFORM_SCALE);
  }
}
