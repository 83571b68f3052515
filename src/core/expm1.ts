import { fromWords, highWord, powerOfTwo } from './floatBits.js';

/**
 * e^x − 1, accurate for small x, from IEEE operations only (same bits in every engine). The
 * algorithm is fdlibm's s_expm1.c (Sun Microsystems, 1993) as V8 ships it, Node 20's
 * Math.expm1: reduce x = k·ln2 + r (|r| ≤ ln2/2) with a correction c for the rounding of r,
 * approximate expm1(r) through a Remez fit R1 of 6/r·((e^r + 1)/(e^r − 1) − 2/r) (error below
 * 2^−61), then scale back by 2^k in the order that loses least.
 * Error below 1 ulp. expm1(Infinity) = Infinity, expm1(−Infinity) = −1, expm1(±0) = ±0.
 */
export function expm1(x: number): number {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) {
      // |x| ≥ 709.78…
      if (x !== x) return x + x;
      if (hx >= 0x7ff00000) return negative ? -1 : x;
      if (x > OVERFLOW_THRESHOLD) return Infinity;
    }
    if (negative) return -1; // e^x < 2^−56: rounds to −1
  }
  let hi: number;
  let lo: number;
  let k: number;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
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
      k = (INVERSE_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^−54
  } else {
    k = 0;
  }
  const halfX = 0.5 * x;
  const halfSquare = x * halfX;
  const r1 = 1 + halfSquare * (Q1 + halfSquare * (Q2 + halfSquare * (Q3 + halfSquare * (Q4 + halfSquare * Q5))));
  let t = 3 - r1 * halfX;
  let e = halfSquare * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - halfSquare); // c is 0
  e = x * (e - c) - c;
  e -= halfSquare;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  let y: number;
  if (k <= -2 || k > 56) {
    // e^x − 1 is e^x to within rounding
    y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_TO_1023 : y * powerOfTwo(k);
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 − 2^−k
    y = t - (e - x);
    return y * powerOfTwo(k);
  }
  t = fromWords((0x3ff - k) << 20, 0); // 2^−k
  y = x - (e + t);
  y += 1;
  return y * powerOfTwo(k);
}

const OVERFLOW_THRESHOLD = fromWords(0x40862e42, 0xfefa39ef | 0); // 7.09782712893383973096e+02
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000 | 0);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const INVERSE_LN2 = fromWords(0x3ff71547, 0x652b82fe);
// Q_n scaled by 2^n, for R1(2z) with z = x²/2
const Q1 = fromWords(0xbfa11111 | 0, 0x111110f4); // −3.33333333333331316428e-02
const Q2 = fromWords(0x3f5a01a0, 0x19fe5585); // 1.58730158725481460165e-03
const Q3 = fromWords(0xbf14ce19 | 0, 0x9eaadbb7 | 0); // −7.93650757867487942473e-05
const Q4 = fromWords(0x3ed0cfca, 0x86e65239 | 0); // 4.00821782732936239552e-06
const Q5 = fromWords(0xbe8afdb7 | 0, 0x6e09c32d); // −2.01099218183624371326e-07
const TWO_TO_1023 = powerOfTwo(1023);
