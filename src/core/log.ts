import { fromWords, highWord, lowWord, withHighWord } from './floatBits.js';

/**
 * Natural logarithm from IEEE operations only, so every JavaScript engine gives the same bits
 * (ECMAScript leaves Math.log to the implementation, and engines differ). The algorithm is
 * fdlibm's e_log.c (Sun Microsystems, 1993), which Node 20's Math.log computes:
 *   1. reduce x = 2^k·(1 + f) with √2/2 < 1 + f < √2;
 *   2. log(1 + f) = f − s·(f − R) or f − (hfsq − s·(hfsq + R)), s = f/(2 + f), hfsq = f²/2,
 *      R a Remez polynomial in s² (error below 2^−58.45);
 *   3. log(x) = k·ln2_hi + (log(1 + f) + k·ln2_lo).
 * Error below 1 ulp. log(±0) = −Infinity, log(x < 0) = NaN, log(Infinity) = Infinity.
 *
 * The common case — a positive normal x not within 2^−20 of a power of two's neighbourhood
 * where f is tiny — is kept small enough for the compiler to inline, with fdlibm's k = 0
 * branches folded into the general ones: with k = 0 they perform the same operations
 * (0 − (a − f) is f − a exactly, and adding k·ln2_lo = 0 changes nothing but the sign of a
 * zero that is then subtracted). Everything else goes to `logOutsideCommonRange`, fdlibm's
 * code as it stands.
 */
export function log(x: number): number {
  let hx = highWord(x);
  if (hx >= 0x00100000 && hx < 0x7ff00000) {
    let k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    const i = (hx + 0x95f64) & 0x100000;
    k += i >> 20;
    if ((0x000fffff & (2 + hx)) >= 3) {
      const f = withHighWord(x, hx | (i ^ 0x3ff00000)) - 1; // x or x/2 normalised into [√2/2, √2)
      const s = f / (2 + f);
      const z = s * s;
      const w = z * z;
      const r = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
      if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
        const halfSquare = 0.5 * f * f;
        return k * LN2_HI - (halfSquare - (s * (halfSquare + r) + k * LN2_LO) - f);
      }
      return k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
    }
  }
  return logOutsideCommonRange(x);
}

/** fdlibm's e_log.c for the arguments `log` does not take on its common path. */
function logOutsideCommonRange(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^−1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO_TO_54; // subnormal: scale up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalise x or x/2
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^−20
    if (f === 0) {
      if (k === 0) return 0;
      return k * LN2_HI + k * LN2_LO;
    }
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1; // in `log` written in one line: the same operations in the same order
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const halfSquare = 0.5 * f * f;
    if (k === 0) return f - (halfSquare - s * (halfSquare + r));
    return k * LN2_HI - (halfSquare - (s * (halfSquare + r) + k * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

const TWO_TO_54 = fromWords(0x43500000, 0);
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000 | 0); // 6.93147180369123816490e-01
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76); // 1.90821492927058770002e-10
const LG1 = fromWords(0x3fe55555, 0x55555593); // 6.666666666666735130e-01
const LG2 = fromWords(0x3fd99999, 0x9997fa04 | 0); // 3.999999999940941908e-01
const LG3 = fromWords(0x3fd24924, 0x94229359 | 0); // 2.857142874366239149e-01
const LG4 = fromWords(0x3fcc71c5, 0x1d8e78af); // 2.222219843214978396e-01
const LG5 = fromWords(0x3fc74664, 0x96cb03de | 0); // 1.818357216161805012e-01
const LG6 = fromWords(0x3fc39a09, 0xd078c69f | 0); // 1.531383769920937332e-01
const LG7 = fromWords(0x3fc2f112, 0xdf3e5244 | 0); // 1.479819860511658591e-01
