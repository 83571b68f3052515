// e^x: fdlibm's e_exp.c as V8 ships it, the same operations in the same order as
// src/core/exp.ts (whose comments explain the algorithm), so the bits are Node 20's Math.exp.

/** ln2 = LN2_HI + LN2_LO: 0x3FE62E42 FEE00000 and 0x3DEA39EF 35793C76 */
export const LN2_HI: f64 = 0.6931471803691238;
export const LN2_LO: f64 = 1.9082149292705877e-10;
export const INVERSE_LN2: f64 = 1.4426950408889634;
export const P1: f64 = 0.16666666666666602;
export const P2: f64 = -0.0027777777777015593;
export const P3: f64 = 6.613756321437934e-5;
export const P4: f64 = -1.6533902205465252e-6;
export const P5: f64 = 4.1381367970572385e-8;
/** |x| below 2^−28 */
export const TINY: f64 = 3.725290298461914e-9;

/** 2^k for −1022 ≤ k ≤ 1023, exactly: a normal double with an empty significand. */
// @ts-ignore: decorator
@inline export function powerOfTwo(k: i32): f64 {
  return reinterpret<f64>(<i64>(k + 1023) << 52);
}

/** Whether `exp` takes x on its common path (a normal result, 2^k representable, x not tiny and not 1). */
// @ts-ignore: decorator
@inline export function expCommon(x: f64): bool {
  return x > -708 && x < 709 && (x > TINY || x < -TINY) && x != 1;
}

/** e^x on the common path (`expCommon(x)`). */
// @ts-ignore: decorator
@inline export function expCommonPath(x: f64): f64 {
  const k = <i32>(INVERSE_LN2 * x + (x < 0 ? -0.5 : 0.5)); // truncated, as C's cast and JS's | 0
  const kf = <f64>k;
  const hi = x - kf * LN2_HI;
  const lo = kf * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return (1 - (lo - (r * c) / (2 - c) - hi)) * powerOfTwo(k);
}

/** e^x, the bits of src/core/exp.ts. */
// @ts-ignore: decorator
@inline export function exp(x: f64): f64 {
  if (expCommon(x)) return expCommonPath(x);
  return expOutsideCommonRange(x);
}

/** fdlibm's e_exp.c for the arguments `exp` does not take on its common path. */
export function expOutsideCommonRange(x: f64): f64 {
  const magnitude = x < 0 ? -x : x;
  if (!(magnitude < 709.7822265625)) {
    if (x != x) return x + x;
    if (magnitude == Infinity) return x > 0 ? x : 0;
    if (x > 709.782712893384) return Infinity;
    if (x < -745.1332191019411) return 0;
  }
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (magnitude >= 0.3465735912322998) {
    if (magnitude < 1.0397205352783203) {
      if (x == 1) return 2.718281828459045;
      if (x < 0) {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      } else {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      }
    } else {
      k = <i32>(INVERSE_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - <f64>k * LN2_HI;
      lo = <f64>k * LN2_LO;
    }
    x = hi - lo;
  } else if (magnitude < TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2 * 8.98846567431158e307;
    return y * powerOfTwo(k);
  }
  return y * powerOfTwo(k + 1000) * 9.332636185032189e-302;
}
