import { fromWords, powerOfTwo } from './floatBits.js';

/**
 * e^x, computed from IEEE operations only, so every JavaScript engine gives the same bits
 * (ECMAScript leaves Math.exp to the implementation). The algorithm is fdlibm's e_exp.c
 * (Sun Microsystems, 1993) in the form V8 ships it, which is what Node 20's Math.exp computes:
 *   1. reduce x = k·ln2 + r with |r| ≤ ln2/2, r carried as hi − lo;
 *   2. e^r = 1 + r + r·R1(r)/(2 − R1(r)), R1(r) = r − (P1·r² + … + P5·r¹⁰), a Remez fit of
 *      r·(e^r + 1)/(e^r − 1) with error below 2^−59;
 *   3. e^x = 2^k·e^r.
 * Error below 1 ulp. exp(±Infinity) = Infinity / 0, exp(NaN) = NaN, exp(1) = Math.E exactly.
 */
export function exp(x: number): number {
  const magnitude = x < 0 ? -x : x;
  // |x| ≥ 709.78… (high word ≥ 0x40862E42), or NaN: the overflow and underflow filter
  if (!(magnitude < FILTER)) {
    if (x !== x) return x + x;
    if (magnitude === Infinity) return x > 0 ? x : 0;
    if (x > OVERFLOW_THRESHOLD) return Infinity;
    if (x < UNDERFLOW_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (magnitude >= HALF_LN2_BOUND) {
    if (magnitude < THREE_HALVES_LN2_BOUND) {
      if (x === 1) return E;
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
      k = (INVERSE_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0; // truncated toward zero, as C's cast
      hi = x - k * LN2_HI; // exact: LN2_HI has 11 trailing zero bits and |k| < 2^11
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (magnitude < TWO_TO_MINUS_28) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_TO_1023;
    return y * powerOfTwo(k);
  }
  return y * powerOfTwo(k + 1000) * TWO_TO_MINUS_1000;
}

const FILTER = fromWords(0x40862e42, 0);
const HALF_LN2_BOUND = fromWords(0x3fd62e43, 0); // high word > 0x3FD62E42: |x| > ln2/2
const THREE_HALVES_LN2_BOUND = fromWords(0x3ff0a2b2, 0); // |x| < 1.5·ln2
const TWO_TO_MINUS_28 = fromWords(0x3e300000, 0);
const OVERFLOW_THRESHOLD = fromWords(0x40862e42, 0xfefa39ef); // 7.09782712893383973096e+02
const UNDERFLOW_THRESHOLD = fromWords(0xc0874910 | 0, 0xd52d3051 | 0); // −7.45133219101941108420e+02
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000 | 0); // 6.93147180369123816490e-01
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76); // 1.90821492927058770002e-10
const INVERSE_LN2 = fromWords(0x3ff71547, 0x652b82fe); // 1.44269504088896338700e+00
const P1 = fromWords(0x3fc55555, 0x5555553e); // 1.66666666666666019037e-01
const P2 = fromWords(0xbf66c16c | 0, 0x16bebd93); // −2.77777777770155933842e-03
const P3 = fromWords(0x3f11566a, 0xaf25de2c | 0); // 6.61375632143793436117e-05
const P4 = fromWords(0xbebbbd41 | 0, 0xc5d26bf1 | 0); // −1.65339022054652515390e-06
const P5 = fromWords(0x3e663769, 0x72bea4d0); // 4.13813679705723846039e-08
const E = fromWords(0x4005bf0a, 0x8b145769 | 0); // 2.718281828459045
const TWO_TO_1023 = powerOfTwo(1023);
const TWO_TO_MINUS_1000 = powerOfTwo(-1000);
