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

/** mix32 in each i32 lane (i32x4.mul keeps the low 32 bits, as u32 multiplication does). */
// @ts-ignore: decorator
@inline function mix32Lanes(h: v128): v128 {
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(0xc2b2ae35));
  return v128.xor(h, i32x4.shr_u(h, 16));
}

// @ts-ignore: decorator
@inline function rotlLanes(x: v128, bits: i32): v128 {
  return v128.or(i32x4.shl(x, bits), i32x4.shr_u(x, 32 - bits));
}

/**
 * A pair of paths' two streams of one year at once, in the four i32 lanes (path A's `first`
 * stream, path B's, path A's `second`, path B's): keyedUniformsIntoLane's numbers, lane by lane.
 * The first stream's `firstCount` uniforms go to the pairs at `firstInto`, the second's
 * `secondCount` to the pairs at `secondInto` (A in lane 0, B in lane 1 of each pair).
 */
export function keyedUniformPairsOfYear(firstInto: usize, firstCount: i32, secondInto: usize, secondCount: i32, hashA: u32, hashB: u32, first: u32, second: u32, year: u32): void {
  const yearTerm = year * 0xc2b2ae3d;
  const firstTerm = first * 0x85ebca77 + yearTerm;
  const secondTerm = second * 0x85ebca77 + yearTerm;
  const keys = i32x4.replace_lane(i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(hashA + firstTerm), 1, hashB + firstTerm), 2, hashA + secondTerm), 3, hashB + secondTerm);
  const golden = i32x4.splat(GOLDEN);
  let weyl = i32x4.add(mix32Lanes(keys), golden);
  let s0 = mix32Lanes(weyl);
  weyl = i32x4.add(weyl, golden);
  let s1 = mix32Lanes(weyl);
  weyl = i32x4.add(weyl, golden);
  let s2 = mix32Lanes(weyl);
  weyl = i32x4.add(weyl, golden);
  let s3 = mix32Lanes(weyl);
  // an all-zero state (never seen) starts from s0 = 1, as the scalar generator does
  s0 = v128.bitselect(i32x4.splat(1), s0, i32x4.eq(v128.or(v128.or(s0, s1), v128.or(s2, s3)), i32x4.splat(0)));
  const count = max<i32>(firstCount, secondCount);
  const half = f64x2.splat(0.5);
  const scale = f64x2.splat(UNIFORM_SCALE);
  for (let i = 0; i < count; i++) {
    const word = i32x4.mul(rotlLanes(i32x4.mul(s1, i32x4.splat(5)), 7), i32x4.splat(9));
    const t = i32x4.shl(s1, 9);
    const n2 = v128.xor(s2, s0);
    const n3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, n2);
    s0 = v128.xor(s0, n3);
    s2 = v128.xor(n2, t);
    s3 = rotlLanes(n3, 11);
    if (i < firstCount) v128.store(firstInto + (<usize>i << 4), f64x2.mul(f64x2.add(f64x2.convert_low_i32x4_u(word), half), scale));
    if (i < secondCount) v128.store(secondInto + (<usize>i << 4), f64x2.mul(f64x2.add(f64x2.convert_low_i32x4_u(i32x4.shuffle(word, word, 2, 3, 2, 3)), half), scale));
  }
}
