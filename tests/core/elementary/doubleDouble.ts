/**
 * Double-double arithmetic (Dekker 1971; Hida, Li & Bailey 2001): a value is hi + lo with
 * |lo| ≤ ulp(hi)/2, about 106 significant bits. Used only by the tests, as the exact reference
 * the elementary functions' errors are measured against: its own error (≈ 2^−100 relative
 * after the reductions below) is some 2^−48 of an ulp of a double.
 * Everything here uses + − × ÷ only, so it is exact to the rules of IEEE 754 on any engine.
 */
export interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

export function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function split(a: number): [number, number] {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

/** a·b exactly, as hi + lo (no overflow for |a·b| below 2^996). */
export function twoProduct(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

export function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = quickTwoSum(s.hi, s.lo + t.hi);
  r = quickTwoSum(r.hi, r.lo + t.lo);
  return r;
}

export function negate(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

export function subtract(a: DD, b: DD): DD {
  return add(a, negate(b));
}

export function multiply(a: DD, b: DD): DD {
  const p = twoProduct(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function divide(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = subtract(a, multiply(b, dd(q1)));
  const q2 = r.hi / b.hi;
  r = subtract(r, multiply(b, dd(q2)));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

/** a·2^k, in two exact steps so that no factor overflows (exact while the result stays normal). */
export function scale(a: DD, k: number): DD {
  const half = Math.trunc(k / 2);
  const first = twoTo(half);
  const second = twoTo(k - half);
  return { hi: a.hi * first * second, lo: a.lo * first * second };
}

const bits = new DataView(new ArrayBuffer(8));

/** 2^k for −1074 ≤ k ≤ 1023, built from its bits. */
export function twoTo(k: number): number {
  if (k < -1022) return twoTo(k + 52) / 4503599627370496; // exact: a subnormal power of two
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

/** ln 2 to ≈ 160 bits, as three doubles of 42, 53 and 53 significant bits. */
const LN2_A = 0.6931471805598903; // 42 significant bits: k·LN2_A is exact for |k| < 2^11
const LN2_B = 5.497923018708371e-14;
const LN2_C = 1.94704509238075e-31;

/** k·ln 2 as a double-double, for an integer |k| < 2^11 (exact in the first part). */
function multipleOfLn2(k: number): DD {
  return add(add(dd(k * LN2_A), twoProduct(k, LN2_B)), twoProduct(k, LN2_C));
}

/** 1/n! for n = 0 … 14, as double-doubles */
const INVERSE_FACTORIALS: DD[] = [dd(1)];
for (let n = 1; n <= 14; n++) INVERSE_FACTORIALS.push(divide(INVERSE_FACTORIALS[n - 1]!, dd(n)));

/** Σ_{n ≤ 14} x^n/n! for a small double-double x, by Horner. */
function expSeries(x: DD): DD {
  let sum = INVERSE_FACTORIALS[14]!;
  for (let n = 13; n >= 0; n--) sum = add(multiply(sum, x), INVERSE_FACTORIALS[n]!);
  return sum;
}

/**
 * e^x for a double-double x, returned as (mantissa, exponent) with e^x = mantissa·2^exponent
 * and mantissa within [0.5, 2]: never overflows or underflows, whatever x.
 */
export function expScaled(x: DD): { readonly mantissa: DD; readonly exponent: number } {
  const k = Math.round(x.hi / 0.6931471805599453);
  const r = subtract(x, multipleOfLn2(k)); // |r| ≤ 0.35
  const small = scale(r, -6);
  let e = expSeries(small); // |small| < 0.0055: the next term is below 2^−150
  for (let i = 0; i < 6; i++) e = multiply(e, e); // each squaring doubles the relative error: 2^−106 → 2^−100
  return { mantissa: e, exponent: k };
}

/** The exponent e with 2^e ≤ |x| < 2^(e+1), for finite non-zero x (subnormals included). */
export function exponentOf(x: number): number {
  if (x === 0 || !Number.isFinite(x)) throw new RangeError(`exponentOf(${x}): needs a finite non-zero number`);
  bits.setFloat64(0, Math.abs(x));
  const biased = bits.getUint32(0) >>> 20;
  if (biased > 0) return biased - 1023;
  return exponentOf(x * 18014398509481984) - 54; // subnormal: scale up by 2^54
}

/** ln(m) for m within [1/2, 2] as a double-double: 2·atanh((m − 1)/(m + 1)) by its series. */
function logNearOne(m: DD): DD {
  const t = divide(subtract(m, dd(1)), add(m, dd(1))); // |t| ≤ 1/3
  const t2 = multiply(t, t);
  let sum = INVERSE_ODD[40]!;
  for (let n = 39; n >= 0; n--) sum = add(INVERSE_ODD[n]!, multiply(sum, t2)); // (1/3)^82 < 2^−130
  return multiply(dd(2), multiply(t, sum));
}

/** 1/(2n + 1) for n = 0 … 40, as double-doubles */
const INVERSE_ODD: DD[] = Array.from({ length: 41 }, (_, n) => divide(dd(1), dd(2 * n + 1)));

/** ln(x) for a positive double-double x. */
export function logOf(x: DD): DD {
  let e = exponentOf(x.hi);
  let m = scale(x, -e); // m within [1, 2)
  if (m.hi > 1.4142135623730951) {
    m = scale(m, -1);
    e += 1;
  }
  return add(multipleOfLn2(e), logNearOne(m));
}

/** The value of a double-double rounded to the nearest double. */
export function toNumber(x: DD): number {
  return x.hi + x.lo;
}
