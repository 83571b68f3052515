// ln of both lanes of a pair at once: fdlibm's e_log.c common path (log.ts) lane by lane in
// 128-bit SIMD — the high word's integer steps in i32 lanes, the double steps exactly the scalar
// operations in the same order — so each lane has the bits of `log`. Where either lane is off
// the common path (zero, negative, subnormal, infinite, NaN, or a significand next to a power
// of two), both go through the scalar `log`.
import { LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI, LN2_LO, log } from './log';

/** ln x for both lanes of x, the bits of `log` lane by lane. */
// @ts-ignore: decorator
@inline export function logPair(x: v128): v128 {
  // as four i32 lanes, x is (low word, high word) twice: the integer steps run on all four and
  // only the high words' lanes (1 and 3) are read
  const mantissaHigh = v128.and(x, i32x4.splat(0x000fffff));
  const common = v128.and(
    v128.and(i32x4.ge_s(x, i32x4.splat(0x00100000)), i32x4.lt_s(x, i32x4.splat(0x7ff00000))),
    i32x4.ge_s(v128.and(i32x4.add(mantissaHigh, i32x4.splat(2)), i32x4.splat(0x000fffff)), i32x4.splat(3)),
  );
  if ((i32x4.bitmask(common) & 0b1010) != 0b1010) return f64x2.replace_lane(f64x2.splat(log(f64x2.extract_lane(x, 0))), 1, log(f64x2.extract_lane(x, 1)));
  const i = v128.and(i32x4.add(mantissaHigh, i32x4.splat(0x95f64)), i32x4.splat(0x100000));
  const k = i32x4.add(i32x4.sub(i32x4.shr_s(x, 20), i32x4.splat(1023)), i32x4.shr_s(i, 20));
  // x with its high word replaced by hx | (i ^ 0x3ff00000): the significand scaled into [√2/2, √2)
  const scaled = v128.bitselect(v128.or(mantissaHigh, v128.xor(i, i32x4.splat(0x3ff00000))), x, HIGH_WORDS);
  const f = f64x2.sub(scaled, f64x2.splat(1));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const odd = f64x2.mul(z, f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))));
  const even = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
  const r = f64x2.add(odd, even);
  const kf = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 1, 3, 1, 3));
  const kHi = f64x2.mul(kf, f64x2.splat(LN2_HI));
  const kLo = f64x2.mul(kf, f64x2.splat(LN2_LO));
  // kf·LN2_HI − ((½f² − (s(½f² + r) + kf·LN2_LO)) − f) where ((hx − 0x6147a) | (0x6b851 − hx)) > 0, else kf·LN2_HI − ((s(f − r) − kf·LN2_LO) − f)
  const halfSquare = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const withSquare = f64x2.sub(kHi, f64x2.sub(f64x2.sub(halfSquare, f64x2.add(f64x2.mul(s, f64x2.add(halfSquare, r)), kLo)), f));
  const without = f64x2.sub(kHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, r)), kLo), f));
  const squareTest = i32x4.gt_s(v128.or(i32x4.sub(mantissaHigh, i32x4.splat(0x6147a)), i32x4.sub(i32x4.splat(0x6b851), mantissaHigh)), i32x4.splat(0));
  return v128.bitselect(withSquare, without, i32x4.shuffle(squareTest, squareTest, 1, 1, 3, 3));
}

/** The high words' lanes of a pair of doubles, as a bit mask. */
const HIGH_WORDS = i64x2(0xffffffff00000000, 0xffffffff00000000);
