// Natural logarithm: fdlibm's e_log.c, the same operations in the same order as src/core/log.ts
// (whose comments explain the algorithm), so the bits are Node 20's Math.log.
import { highWord, lowWord, withHighWord } from './floatBits';

const TWO_TO_54: f64 = 18014398509481984.0;
export const LN2_HI: f64 = reinterpret<f64>(0x3fe62e42fee00000);
export const LN2_LO: f64 = reinterpret<f64>(0x3dea39ef35793c76);
export const LG1: f64 = reinterpret<f64>(0x3fe5555555555593);
export const LG2: f64 = reinterpret<f64>(0x3fd999999997fa04);
export const LG3: f64 = reinterpret<f64>(0x3fd2492494229359);
export const LG4: f64 = reinterpret<f64>(0x3fcc71c51d8e78af);
export const LG5: f64 = reinterpret<f64>(0x3fc7466496cb03de);
export const LG6: f64 = reinterpret<f64>(0x3fc39a09d078c69f);
export const LG7: f64 = reinterpret<f64>(0x3fc2f112df3e5244);

/** ln x, the bits of src/core/log.ts. */
// @ts-ignore: decorator
@inline export function log(x: f64): f64 {
  let hx = highWord(x);
  if (hx >= 0x00100000 && hx < 0x7ff00000) {
    let k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    const i = (hx + 0x95f64) & 0x100000;
    k += i >> 20;
    if ((0x000fffff & (2 + hx)) >= 3) {
      const f = withHighWord(x, hx | (i ^ 0x3ff00000)) - 1;
      const s = f / (2 + f);
      const z = s * s;
      const w = z * z;
      const r = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
      const kf = <f64>k;
      if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
        const halfSquare = 0.5 * f * f;
        return kf * LN2_HI - ((halfSquare - (s * (halfSquare + r) + kf * LN2_LO)) - f);
      }
      return kf * LN2_HI - ((s * (f - r) - kf * LN2_LO) - f);
    }
  }
  return logOutsideCommonRange(x);
}

/** fdlibm's e_log.c for the arguments `log` does not take on its common path. */
export function logOutsideCommonRange(x: f64): f64 {
  let hx = highWord(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | <i32>lowWord(x)) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO_TO_54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  const kf = <f64>k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      return kf * LN2_HI + kf * LN2_LO;
    }
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - r;
    return kf * LN2_HI - ((r - kf * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const halfSquare = 0.5 * f * f;
    if (k == 0) return f - (halfSquare - s * (halfSquare + r));
    return kf * LN2_HI - ((halfSquare - (s * (halfSquare + r) + kf * LN2_LO)) - f);
  }
  if (k == 0) return f - s * (f - r);
  return kf * LN2_HI - ((s * (f - r) - kf * LN2_LO) - f);
}
