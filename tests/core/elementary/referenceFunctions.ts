import { add, dd, divide, expScaled, exponentOf, logOf, multiply, negate, scale, subtract, twoSum, twoTo, type DD } from './doubleDouble.js';

/**
 * Exact references for the elementary functions, to ≈ 2^−100 relative: each returns the value
 * as mantissa·2^exponent (mantissa a double-double), so results near the overflow and
 * underflow thresholds are represented without overflowing or underflowing themselves.
 */
export interface ScaledValue {
  readonly mantissa: DD;
  readonly exponent: number;
}

const plain = (value: DD): ScaledValue => ({ mantissa: value, exponent: 0 });

/** 1/n and 1/n! for n = 0 … 31, as double-doubles (INVERSES[0] is unused) */
const INVERSES: DD[] = Array.from({ length: 32 }, (_, n) => (n === 0 ? dd(0) : divide(dd(1), dd(n))));
const INVERSE_FACTORIALS: DD[] = [dd(1)];
for (let n = 1; n <= 31; n++) INVERSE_FACTORIALS.push(divide(INVERSE_FACTORIALS[n - 1]!, dd(n)));

export function expReference(x: number): ScaledValue {
  return expScaled(dd(x));
}

export function logReference(x: number): ScaledValue {
  return plain(logOf(dd(x)));
}

/** log(1 + x): the series below 2^−20 (exact where 1 + x would lose x), else log of 1 + x kept exactly as a double-double. */
export function log1pReference(x: number): ScaledValue {
  if (Math.abs(x) < 9.5367431640625e-7) {
    // x − x²/2 + x³/3 − …: (2^−20)^7/7 < 2^−142
    const xx = dd(x);
    let sum = dd(0);
    for (let n = 8; n >= 1; n--) sum = subtract(INVERSES[n]!, multiply(xx, sum));
    return plain(multiply(xx, sum));
  }
  return plain(logOf(twoSum(1, x)));
}

/** e^x − 1: the series below 1/2 in magnitude, else e^x from `expScaled` minus one. */
export function expm1Reference(x: number): ScaledValue {
  if (Math.abs(x) < 0.5) {
    // x·Σ x^n/(n + 1)!: 0.5^30/31! < 2^−140
    const xx = dd(x);
    let sum = INVERSE_FACTORIALS[31]!;
    for (let n = 29; n >= 0; n--) sum = add(multiply(xx, sum), INVERSE_FACTORIALS[n + 1]!);
    return plain(multiply(xx, sum));
  }
  const { mantissa, exponent } = expScaled(dd(x));
  if (x > 0) return { mantissa: subtract(mantissa, dd(twoTo(Math.max(-exponent, -1074)))), exponent };
  // x ≤ −1/2: e^x ≤ 0.61; below 2^−1000 it cannot move −1 by any fraction of an ulp
  const ex = exponent < -1000 ? dd(0) : scale(mantissa, exponent);
  return plain(subtract(ex, dd(1)));
}

/** x^y for finite x > 0, or x < 0 with an integer y (the sign then follows y's parity). */
export function powReference(x: number, y: number): ScaledValue {
  const magnitude = expScaled(multiply(dd(y), logOf(dd(Math.abs(x)))));
  if (x < 0 && Math.abs(y % 2) === 1) return { mantissa: negate(magnitude.mantissa), exponent: magnitude.exponent };
  return magnitude;
}

/**
 * |computed − reference| in units in the last place of the reference, with the ulp of the
 * double format at the reference's magnitude (2^−1074 below the normal range).
 */
export function ulpError(computed: number, reference: ScaledValue): number {
  const { mantissa, exponent } = reference;
  if (mantissa.hi === 0) return computed === 0 ? 0 : Infinity;
  let magnitudeExponent = exponentOf(mantissa.hi);
  // just below a power of two the ulp is half as large
  if (mantissa.lo !== 0 && Math.sign(mantissa.lo) !== Math.sign(mantissa.hi) && Math.abs(mantissa.hi) === twoTo(magnitudeExponent)) magnitudeExponent -= 1;
  const trueExponent = magnitudeExponent + exponent;
  const ulpExponent = Math.max(trueExponent, -1022) - 52;
  // computed·2^−exponent, in two exact steps so neither overflows
  const half = Math.trunc(-exponent / 2);
  const scaled = computed * twoTo(half) * twoTo(-exponent - half);
  const difference = subtract(dd(scaled), mantissa);
  return Math.abs(difference.hi + difference.lo) / twoTo(ulpExponent - exponent);
}
