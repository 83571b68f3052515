import { fromWords, highWord, withHighWord } from './floatBits.js';

/**
 * log(1 + x), accurate for small x, from IEEE operations only (same bits in every engine).
 * The algorithm is fdlibm's s_log1p.c (Sun Microsystems, 1993), as Node 20's Math.log1p:
 * reduce 1 + x = 2^k·(1 + f) with √2/2 < 1 + f < √2, keeping the rounding error of 1 + x as
 * a correction c/u; then log(1 + f) as in `log` (same Remez polynomial), plus k·ln2 + c.
 * Error below 1 ulp. log1p(−1) = −Infinity, log1p(x < −1) = NaN, log1p(±0) = ±0.
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2
    if (ax >= 0x3ff00000) {
      // x ≤ −1
      if (x === -1) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^−29
      if (ax < 0x3c900000) return x; // |x| < 2^−54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 ≤ 1 + x < √2
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // normalise u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const halfSquare = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^−20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const r = halfSquare * (1 - 0.66666666666666666 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
  if (k === 0) return f - (halfSquare - s * (halfSquare + r));
  return k * LN2_HI - (halfSquare - (s * (halfSquare + r) + (k * LN2_LO + c)) - f);
}

const LN2_HI = fromWords(0x3fe62e42, 0xfee00000 | 0);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
// the same Remez coefficients as log's
const LP1 = fromWords(0x3fe55555, 0x55555593);
const LP2 = fromWords(0x3fd99999, 0x9997fa04 | 0);
const LP3 = fromWords(0x3fd24924, 0x94229359 | 0);
const LP4 = fromWords(0x3fcc71c5, 0x1d8e78af);
const LP5 = fromWords(0x3fc74664, 0x96cb03de | 0);
const LP6 = fromWords(0x3fc39a09, 0xd078c69f | 0);
const LP7 = fromWords(0x3fc2f112, 0xdf3e5244 | 0);
