// e^x − 1: fdlibm's s_expm1.c as V8 ships it, the same operations in the same order as
// src/core/expm1.ts (whose comments explain the algorithm), so the bits are Node 20's Math.expm1.
// The engine calls it once per path (the oil price's Ornstein–Uhlenbeck innovation scale).
import { fromWords, highWord } from './floatBits';
import { powerOfTwo } from './exp';

const OVERFLOW_THRESHOLD: f64 = reinterpret<f64>(0x40862e42fefa39ef);
const LN2_HI: f64 = reinterpret<f64>(0x3fe62e42fee00000);
const LN2_LO: f64 = reinterpret<f64>(0x3dea39ef35793c76);
const INVERSE_LN2: f64 = reinterpret<f64>(0x3ff71547652b82fe);
const Q1: f64 = reinterpret<f64>(0xbfa11111111110f4);
const Q2: f64 = reinterpret<f64>(0x3f5a01a019fe5585);
const Q3: f64 = reinterpret<f64>(0xbf14ce199eaadbb7);
const Q4: f64 = reinterpret<f64>(0x3ed0cfca86e65239);
const Q5: f64 = reinterpret<f64>(0xbe8afdb76e09c32d);
const TWO_TO_1023: f64 = reinterpret<f64>(0x7fe0000000000000);

/** e^x − 1, the bits of src/core/expm1.ts. */
export function expm1(x: f64): f64 {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    if (hx >= 0x40862e42) {
      if (x != x) return x + x;
      if (hx >= 0x7ff00000) return negative ? -1 : x;
      if (x > OVERFLOW_THRESHOLD) return Infinity;
    }
    if (negative) return -1;
  }
  let hi: f64;
  let lo: f64;
  let k: i32;
  let c: f64 = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = <i32>(INVERSE_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - <f64>k * LN2_HI;
      lo = <f64>k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x;
  } else {
    k = 0;
  }
  const halfX = 0.5 * x;
  const halfSquare = x * halfX;
  const r1 = 1 + halfSquare * (Q1 + halfSquare * (Q2 + halfSquare * (Q3 + halfSquare * (Q4 + halfSquare * Q5))));
  let t = 3 - r1 * halfX;
  let e = halfSquare * ((r1 - t) / (6 - x * t));
  if (k == 0) return x - (x * e - halfSquare);
  e = x * (e - c) - c;
  e -= halfSquare;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  let y: f64;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    y = k == 1024 ? y * 2 * TWO_TO_1023 : y * powerOfTwo(k);
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(<u32>(0x3ff00000 - (0x200000 >> k)), 0);
    y = t - (e - x);
    return y * powerOfTwo(k);
  }
  t = fromWords(<u32>((0x3ff - k) << 20), 0);
  y = x - (e + t);
  y += 1;
  return y * powerOfTwo(k);
}
