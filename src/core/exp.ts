import { powerOfTwo } from './floatBits.js';

/**
 * e^x, computed from IEEE operations only, so every JavaScript engine gives the same bits
 * (ECMAScript leaves Math.exp to the implementation). The algorithm is fdlibm's e_exp.c
 * (Sun Microsystems, 1993) in the form V8 ships it, which is what Node 20's Math.exp computes:
 *   1. reduce x = k·ln2 + r with |r| ≤ ln2/2, r carried as hi − lo;
 *   2. e^r = 1 + r + r·R1(r)/(2 − R1(r)), R1(r) = r − (P1·r² + … + P5·r¹⁰), a Remez fit of
 *      r·(e^r + 1)/(e^r − 1) with error below 2^−59;
 *   3. e^x = 2^k·e^r.
 * Error below 1 ulp. exp(±Infinity) = Infinity / 0, exp(NaN) = NaN, exp(1) = Math.E exactly.
 *
 * The engine's loop calls this some thirty times per path and year, so the common case —
 * −708 < x < 709, a normal result with 2^k representable — is kept small enough for the
 * compiler to inline, with fdlibm's own branches folded into one: for k = ±1 and for k = 0
 * the general reduction performs exactly the operations fdlibm's special cases do (k·LN2_HI
 * is LN2_HI or 0 exactly, and 0 − q/(2 − c) is q/(c − 2)). Everything else goes to
 * `expOutsideCommonRange`, fdlibm's code as it stands. The constants are the shortest
 * decimals of fdlibm's hexadecimal values (in the comments).
 */
export function exp(x: number): number {
  if (x > -708 && x < 709 && (x > 3.725290298461914e-9 || x < -3.725290298461914e-9) && x !== 1) {
    const k = (1.4426950408889634 * x + (x < 0 ? -0.5 : 0.5)) | 0; // 1/ln2: 0x3FF71547 652B82FE; truncated as C's cast
    const hi = x - k * LN2_HI; // exact: LN2_HI has 11 trailing zero bits and |k| < 2^11
    const lo = k * LN2_LO;
    const r = hi - lo;
    const t = r * r;
    const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    return (1 - (lo - (r * c) / (2 - c) - hi)) * powerOfTwo(k);
  }
  return expOutsideCommonRange(x);
}

/** fdlibm's e_exp.c for the arguments `exp` does not take on its common path. */
function expOutsideCommonRange(x: number): number {
  const magnitude = x < 0 ? -x : x;
  // |x| ≥ 709.78… (high word ≥ 0x40862E42), or NaN: the overflow and underflow filter
  if (!(magnitude < 709.7822265625)) {
    if (x !== x) return x + x;
    if (magnitude === Infinity) return x > 0 ? x : 0;
    if (x > 709.782712893384) return Infinity; // 0x40862E42 FEFA39EF
    if (x < -745.1332191019411) return 0; // 0xC0874910 D52D3051
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  // |x| > ln2/2 (high word > 0x3FD62E42)
  if (magnitude >= 0.3465735912322998) {
    // |x| < 1.5·ln2 (high word < 0x3FF0A2B2)
    if (magnitude < 1.0397205352783203) {
      if (x === 1) return 2.718281828459045; // 0x4005BF0A 8B145769, as V8 special-cases it
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
      k = (1.4426950408889634 * x + (x < 0 ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (magnitude < 3.725290298461914e-9) {
    return 1 + x; // |x| < 2^−28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * 8.98846567431158e307; // 2^1023
    return y * powerOfTwo(k);
  }
  return y * powerOfTwo(k + 1000) * 9.332636185032189e-302; // 2^−1000
}

/** ln2 = LN2_HI + LN2_LO: 0x3FE62E42 FEE00000 and 0x3DEA39EF 35793C76 */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
/** the Remez coefficients: 0x3FC55555 5555553E, 0xBF66C16C 16BEBD93, 0x3F11566A AF25DE2C, 0xBEBBBD41 C5D26BF1, 0x3E663769 72BEA4D0 */
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
