// A path-year's normal draws and exponentials, each computed in one pass over a small array —
// two at a time in 128-bit SIMD lanes where both take the function's common path. Each lane
// performs exactly the scalar operations (IEEE f64 arithmetic lane by lane, the same
// truncation of k), so the bits are those of the scalar functions.
import { exp, INVERSE_LN2, LN2_HI, LN2_LO, P1, P2, P3, P4, P5, TINY } from './exp';
import { logPair } from './logPair';
import { normalQuantile, normalQuantileTail } from './normalQuantile';

/** Replaces the `count` doubles at `values` by their exponentials. */
export function expInPlace(values: usize, count: i32): void {
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const at = values + (<usize>i << 3);
    v128.store(at, expPair(v128.load(at)));
  }
  if (i < count) {
    const at = values + (<usize>i << 3);
    store<f64>(at, exp(load<f64>(at)));
  }
}

/** e^x for both lanes of x: at once when both take exp's common path, else lane by lane. */
// @ts-ignore: decorator
@inline export function expPair(x: v128): v128 {
  // within exp's common path (expCommon) and a little narrower — TINY < |x| < 708, x ≠ 1 — in fewer
  // instructions; a lane in [708, 709) goes through the scalar `exp`, which gives the same bits
  const magnitude = f64x2.abs(x);
  const common = v128.and(v128.and(f64x2.gt(magnitude, f64x2.splat(TINY)), f64x2.lt(magnitude, f64x2.splat(708))), f64x2.ne(x, f64x2.splat(1)));
  if (!i64x2.all_true(common)) return f64x2.replace_lane(f64x2.splat(exp(f64x2.extract_lane(x, 0))), 1, exp(f64x2.extract_lane(x, 1)));
  // ±0.5 with x's sign (x is never ±0 here)
  const half = v128.or(f64x2.splat(0.5), v128.and(x, i64x2.splat(0x8000000000000000)));
  const k = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(f64x2.splat(INVERSE_LN2), x), half));
  const kf = f64x2.convert_low_i32x4_s(k);
  const hi = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(kf, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  const poly = f64x2.add(
    f64x2.splat(P1),
    f64x2.mul(t, f64x2.add(f64x2.splat(P2), f64x2.mul(t, f64x2.add(f64x2.splat(P3), f64x2.mul(t, f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)))))))),
  );
  const c = f64x2.sub(r, f64x2.mul(t, poly));
  const quotient = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c));
  const y = f64x2.sub(f64x2.splat(1), f64x2.sub(f64x2.sub(lo, quotient), hi));
  const scale = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(k), i64x2.splat(1023)), 52);
  return f64x2.mul(y, scale);
}

/** Replaces the `count` doubles at `values` (each in (0, 1)) by their standard normal quantiles. */
export function normalQuantilesInPlace(values: usize, count: i32): void {
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const at = values + (<usize>i << 3);
    const q = f64x2.sub(v128.load(at), f64x2.splat(0.5));
    if (i64x2.all_true(v128.and(f64x2.le(q, f64x2.splat(0.425)), f64x2.ge(q, f64x2.splat(-0.425))))) {
      v128.store(at, centralQuantiles(q));
    } else {
      store<f64>(at, normalQuantile(load<f64>(at)));
      store<f64>(at, normalQuantile(load<f64>(at, 8)), 8);
    }
  }
  if (i < count) {
    const at = values + (<usize>i << 3);
    store<f64>(at, normalQuantile(load<f64>(at)));
  }
}

/** AS 241's central region for two q = p − 0.5 at once (normalQuantileCentralPath, lane by lane). */
// @ts-ignore: decorator
@inline function centralQuantiles(q: v128): v128 {
  const r = f64x2.sub(f64x2.splat(0.180625), f64x2.mul(q, q));
  let a = f64x2.add(f64x2.mul(f64x2.splat(2509.0809287301226727), r), f64x2.splat(33430.575583588128105));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(67265.770927008700853));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(45921.953931549871457));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(13731.693765509461125));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(1971.5909503065514427));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(133.14166789178437745));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(3.387132872796366608));
  let b = f64x2.add(f64x2.mul(f64x2.splat(5226.495278852854561), r), f64x2.splat(28729.085735721942674));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(39307.89580009271061));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(21213.794301586595867));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(5394.1960214247511077));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(687.1870074920579083));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(42.313330701600911252));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(1));
  return f64x2.div(f64x2.mul(q, a), b);
}

/** Φ⁻¹ of both lanes of p: at once when both are in AS 241's central region, else lane by lane. */
// @ts-ignore: decorator
@inline export function normalQuantilePair(p: v128): v128 {
  const q = f64x2.sub(p, f64x2.splat(0.5));
  if (i64x2.all_true(v128.and(f64x2.le(q, f64x2.splat(0.425)), f64x2.ge(q, f64x2.splat(-0.425))))) return centralQuantiles(q);
  return f64x2.replace_lane(f64x2.splat(normalQuantile(f64x2.extract_lane(p, 0))), 1, normalQuantile(f64x2.extract_lane(p, 1)));
}

/**
 * Replaces the `count` pairs (16 bytes each) at `values` by their standard normal quantiles:
 * every lane by AS 241's central formula first, then the lanes beyond its region (about 15%),
 * gathered two at a time, by the tail formula (tailQuantiles) — so no pair waits on a branch
 * that guessed wrong, and a pair with one lane in the tail does not compute both lanes alone.
 * Each lane gets the bits of `normalQuantile`.
 */
export function normalQuantilePairsInPlace(values: usize, count: i32): void {
  for (let from = 0; from < count; from += SEGMENT_PAIRS) quantileSegment(values, from, min<i32>(count, from + SEGMENT_PAIRS));
}

/** Pairs per pass of normalQuantilePairsInPlace (its gathered tail lanes fit TAIL_LANES and TAIL_PROBABILITIES). */
const SEGMENT_PAIRS = 128;
/** The tail lanes of a segment: each one's lane index (2·pair + lane), and its p. */
const TAIL_LANES = memory.data(SEGMENT_PAIRS * 2 * 4, 16);
const TAIL_PROBABILITIES = memory.data(SEGMENT_PAIRS * 2 * 8 + 16, 16);

function quantileSegment(values: usize, from: i32, to: i32): void {
  let tails = 0;
  for (let i = from; i < to; i++) {
    const at = values + (<usize>i << 4);
    const p = v128.load(at);
    const q = f64x2.sub(p, f64x2.splat(0.5));
    const beyond = ~i64x2.bitmask(v128.and(f64x2.le(q, f64x2.splat(0.425)), f64x2.ge(q, f64x2.splat(-0.425))));
    // a lane beyond the central region is noted (index and p) without a branch: the note is always written, the count moves only for such a lane
    store<i32>(TAIL_LANES + (<usize>tails << 2), 2 * i);
    store<f64>(TAIL_PROBABILITIES + (<usize>tails << 3), f64x2.extract_lane(p, 0));
    tails += beyond & 1;
    store<i32>(TAIL_LANES + (<usize>tails << 2), 2 * i + 1);
    store<f64>(TAIL_PROBABILITIES + (<usize>tails << 3), f64x2.extract_lane(p, 1));
    tails += (beyond >> 1) & 1;
    // right for the central lanes; the tail lanes' values are replaced below
    v128.store(at, centralQuantiles(q));
  }
  let t = 0;
  for (; t + 1 < tails; t += 2) {
    const quantiles = tailQuantiles(v128.load(TAIL_PROBABILITIES + (<usize>t << 3)));
    store<f64>(values + (<usize>load<i32>(TAIL_LANES + (<usize>t << 2)) << 3), f64x2.extract_lane(quantiles, 0));
    store<f64>(values + (<usize>load<i32>(TAIL_LANES + (<usize>(t + 1) << 2)) << 3), f64x2.extract_lane(quantiles, 1));
  }
  if (t < tails) {
    const p = load<f64>(TAIL_PROBABILITIES + (<usize>t << 3));
    store<f64>(values + (<usize>load<i32>(TAIL_LANES + (<usize>t << 2)) << 3), normalQuantileTail(p, p - 0.5));
  }
}

/**
 * AS 241's tail formula for two p beyond its central region (normalQuantileTail, lane by lane):
 * r = √(−ln min(p, 1 − p)), then the rational function for r ≤ 5. Where a lane has r > 5 (p
 * within 1e−11 of 0 or 1), or ln takes its rare path, both lanes go through the scalar function.
 */
function tailQuantiles(p: v128): v128 {
  const q = f64x2.sub(p, f64x2.splat(0.5));
  const below = f64x2.lt(q, f64x2.splat(0));
  const root = f64x2.sqrt(f64x2.neg(logPair(v128.bitselect(p, f64x2.sub(f64x2.splat(1), p), below))));
  if (!i64x2.all_true(f64x2.le(root, f64x2.splat(5)))) {
    return f64x2.replace_lane(f64x2.splat(normalQuantileTail(f64x2.extract_lane(p, 0), f64x2.extract_lane(q, 0))), 1, normalQuantileTail(f64x2.extract_lane(p, 1), f64x2.extract_lane(q, 1)));
  }
  const r = f64x2.sub(root, f64x2.splat(1.6));
  let a = f64x2.add(f64x2.mul(f64x2.splat(7.7454501427834140764e-4), r), f64x2.splat(0.0227238449892691845833));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(0.24178072517745061177));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(1.27045825245236838258));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(3.64784832476320460504));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(5.7694972214606914055));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(4.6303378461565452959));
  a = f64x2.add(f64x2.mul(a, r), f64x2.splat(1.42343711074968357734));
  let b = f64x2.add(f64x2.mul(f64x2.splat(1.05075007164441684324e-9), r), f64x2.splat(5.475938084995344946e-4));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(0.0151986665636164571966));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(0.14810397642748007459));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(0.68976733498510000455));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(1.6763848301838038494));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(2.05319162663775882187));
  b = f64x2.add(f64x2.mul(b, r), f64x2.splat(1));
  const value = f64x2.div(a, b);
  return v128.bitselect(f64x2.neg(value), value, below);
}

/** Replaces the `count` pairs (16 bytes each) at `values` by their exponentials. */
export function expPairsInPlace(values: usize, count: i32): void {
  let i = 0;
  // two pairs an iteration, so their independent chains interleave (6% off a run, measured)
  for (; i + 1 < count; i += 2) {
    const at = values + (<usize>i << 4);
    const a = expPair(v128.load(at));
    const b = expPair(v128.load(at, 16));
    v128.store(at, a);
    v128.store(at, b, 16);
  }
  for (; i < count; i++) {
    const at = values + (<usize>i << 4);
    v128.store(at, expPair(v128.load(at)));
  }
}
