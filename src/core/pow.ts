import { fromWords, highWord, lowWord, powerOfTwo, withHighWord, withLowWord } from './floatBits.js';

/**
 * x^y from IEEE operations only, so every JavaScript engine gives the same bits (ECMAScript
 * leaves Math.pow and `**` to the implementation). The algorithm is fdlibm's e_pow.c (Sun
 * Microsystems, 1993), which V8 ships as its pow, so Node 20's Math.pow and `**` compute it:
 *   1. log2(x) = w1 + w2 in extra precision (w1 with 29 trailing zero bits);
 *   2. y·log2(x) = n + y' by simulated multi-precision arithmetic, |y'| ≤ 0.5;
 *   3. x^y = 2^n·exp(y'·ln2).
 * "Nearly rounded" (below 1 ulp); pow(integer, integer) is exact when representable. Special
 * values follow ECMAScript: y = ±0 gives 1, NaN propagates, (±1)^±Infinity is NaN, and a
 * negative x to a non-integer power is NaN.
 */
export function pow(x: number, y: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x^±0 = 1
  if (x !== x || y !== y) return x + y; // NaN

  // when x < 0: is y an odd integer (1), an even integer (2) or neither (0)?
  let yIsInteger = 0;
  if (hx < 0) {
    if (iy >= 0x43400000)
      yIsInteger = 2; // |y| ≥ 2^53: even
    else if (iy >= 0x3ff00000) {
      const exponent = (iy >> 20) - 0x3ff;
      if (exponent > 20) {
        const j = ly >>> (52 - exponent);
        if ((j << (52 - exponent)) >>> 0 === ly) yIsInteger = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - exponent);
        if (j << (20 - exponent) === iy) yIsInteger = 2 - (j & 1);
      }
    }
  }

  // special values of y
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y = ±Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return NaN; // (±1)^±Infinity
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x ≥ +0
  }

  let ax = Math.abs(x);
  // special values of x: ±0, ±Infinity, ±1
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yIsInteger) === 0)
        z = NaN; // (−1)^non-integer
      else if (yIsInteger === 1) z = -z; // (x < 0)^odd = −(|x|^odd)
    }
    return z;
  }

  let n = (hx >> 31) + 1; // 0 for negative x, 1 otherwise
  if ((n | yIsInteger) === 0) return NaN; // (x < 0)^non-integer
  let sign = 1;
  if ((n | (yIsInteger - 1)) === 0) sign = -1; // (x < 0)^odd integer

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: certain overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? sign * Infinity : sign * 0;
    if (ix > 0x3ff00000) return hy > 0 ? sign * Infinity : sign * 0;
    // |1 − x| ≤ 2^−20: log(x) by its series x − x²/2 + x³/3 − x⁴/4
    const t = ax - 1; // has 20 trailing zero bits
    const w = t * t * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = INVERSE_LN2_HI * t; // INVERSE_LN2_HI has 21 significant bits
    const v = t * INVERSE_LN2_LO - w * INVERSE_LN2;
    t1 = withLowWord(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    if (ix < 0x00100000) {
      // subnormal x
      ax *= TWO_TO_53;
      n -= 53;
      ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    // the interval of x: [1, √(3/2)) (k = 0), [√(3/2), √3) (k = 1), or halved into the first
    ix = j | 0x3ff00000;
    let k: number;
    if (j <= 0x3988e) k = 0;
    else if (j < 0xbb67a) k = 1;
    else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHighWord(ax, ix);

    // ss = s_h + s_l = (x − 1)/(x + 1) or (x − 1.5)/(x + 1.5)
    const base = k === 0 ? 1 : 1.5;
    let u = ax - base;
    let v = 1 / (ax + base);
    const ss = u * v;
    const sHigh = withLowWord(ss, 0);
    // t_h = ax + base, high part
    let tHigh = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tLow = ax - (tHigh - base);
    const sLow = v * (u - sHigh * tHigh - sHigh * tLow);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sLow * (sHigh + ss);
    s2 = sHigh * sHigh;
    tHigh = withLowWord(3 + s2 + r, 0);
    tLow = r - (tHigh - 3 - s2);
    // u + v = ss·(1 + …)
    u = sHigh * tHigh;
    v = sLow * tHigh + tLow * ss;
    // 2/(3·ln2)·(ss + …)
    const pHigh = withLowWord(u + v, 0);
    const pLow = v - (pHigh - u);
    const zHigh = CP_HIGH * pHigh; // CP_HIGH + CP_LOW = 2/(3·ln2)
    const zLow = CP_LOW * pHigh + pLow * CP + (k === 0 ? 0 : DP_LOW);
    // log2(ax) = (ss + …)·2/(3·ln2) = n + dp_h + z_h + z_l
    const dpHigh = k === 0 ? 0 : DP_HIGH;
    const t = n;
    t1 = withLowWord(zHigh + zLow + dpHigh + t, 0);
    t2 = zLow - (t1 - t - dpHigh - zHigh);
  }

  // (y1 + y2)·(t1 + t2), with y1 the high part of y
  const y1 = withLowWord(y, 0);
  const pLow = (y - y1) * t1 + y * t2;
  let pHigh = y1 * t1;
  let z = pLow + pHigh;
  let j = highWord(z);
  const i0 = lowWord(z);
  if (j >= 0x40900000) {
    // z ≥ 1024
    if (((j - 0x40900000) | i0) !== 0) return sign * Infinity;
    if (pLow + OVERFLOW_TAIL > z - pHigh) return sign * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z ≤ −1075
    if (((j - (0xc090cc00 | 0)) | i0) !== 0) return sign * 0;
    if (pLow <= z - pHigh) return sign * 0;
  }

  // 2^(pHigh + pLow)
  const i = j & 0x7fffffff;
  let k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // the new k for n
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pHigh -= t;
  }
  let t = withLowWord(pLow + pHigh, 0);
  const u = t * LN2_HIGH;
  const v = (pLow - (t - pHigh)) * LN2 + t * LN2_LOW;
  z = u + v;
  const w = v - (z - u);
  t = z * z;
  const t3 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const r = (z * t3) / (t3 - 2 - (w + z * w));
  z = 1 - (r - z);
  j = highWord(z);
  j += n << 20;
  if (j >> 20 <= 0)
    z = scaleByPowerOfTwo(z, n); // subnormal result
  else z = withHighWord(z, j);
  return sign * z;
}

/**
 * z·2^n rounded once, for a result below the normal range (fdlibm's scalbn on that path, with
 * z within [0.7, 1.5] and n ≥ −1076): the first product is exact (a normal number), the second
 * rounds.
 */
function scaleByPowerOfTwo(z: number, n: number): number {
  return z * powerOfTwo(n + 100) * TWO_TO_MINUS_100;
}

const TWO_TO_53 = fromWords(0x43400000, 0);
const TWO_TO_MINUS_100 = powerOfTwo(-100);
const DP_HIGH = fromWords(0x3fe2b803, 0x40000000); // 5.84962487220764160156e-01
const DP_LOW = fromWords(0x3e4cfdeb, 0x43cfd006); // 1.35003920212974897128e-08
// polynomial coefficients for (3/2)·(log(x) − 2s − 2/3·s³)
const L1 = fromWords(0x3fe33333, 0x33333303); // 5.99999999999994648725e-01
const L2 = fromWords(0x3fdb6db6, 0xdb6fabff | 0); // 4.28571428578550184252e-01
const L3 = fromWords(0x3fd55555, 0x518f264d); // 3.33333329818377432918e-01
const L4 = fromWords(0x3fd17460, 0xa91d4101 | 0); // 2.72728123808534006489e-01
const L5 = fromWords(0x3fcd864a, 0x93c9db65 | 0); // 2.30660745775561754067e-01
const L6 = fromWords(0x3fca7e28, 0x4a454eef); // 2.06975017800338417784e-01
const P1 = fromWords(0x3fc55555, 0x5555553e);
const P2 = fromWords(0xbf66c16c | 0, 0x16bebd93);
const P3 = fromWords(0x3f11566a, 0xaf25de2c | 0);
const P4 = fromWords(0xbebbbd41 | 0, 0xc5d26bf1 | 0);
const P5 = fromWords(0x3e663769, 0x72bea4d0);
const LN2 = fromWords(0x3fe62e42, 0xfefa39ef | 0); // 6.93147180559945286227e-01
const LN2_HIGH = fromWords(0x3fe62e43, 0); // 6.93147182464599609375e-01
const LN2_LOW = fromWords(0xbe205c61 | 0, 0x0ca86c39); // −1.90465429995776804525e-09
const OVERFLOW_TAIL = 8.0085662595372944372e-17; // −(1024 − log2(overflow threshold + ulp/2))
const CP = fromWords(0x3feec709, 0xdc3a03fd | 0); // 9.61796693925975554329e-01 = 2/(3·ln2)
const CP_HIGH = fromWords(0x3feec709, 0xe0000000 | 0); // 9.61796700954437255859e-01
const CP_LOW = fromWords(0xbe3e2fe0 | 0, 0x145b01f5); // −7.02846165095275826516e-09
const INVERSE_LN2 = fromWords(0x3ff71547, 0x652b82fe); // 1.44269504088896338700e+00
const INVERSE_LN2_HI = fromWords(0x3ff71547, 0x60000000); // 1.44269502162933349609e+00
const INVERSE_LN2_LO = fromWords(0x3e54ae0b, 0xf85ddf44 | 0); // 1.92596299112661746887e-08
