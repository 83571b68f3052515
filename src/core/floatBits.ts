/**
 * Bit access to IEEE 754 doubles through one shared 8-byte buffer: the words the elementary
 * functions (exp, log, …) read and write, as fdlibm does with its __HI/__LO macros. The high
 * word holds the sign, the 11 exponent bits and the top 20 bits of the significand; the low
 * word the other 32. Typed-array views use the platform's byte order, so it is detected here.
 */
const buffer = new ArrayBuffer(8);
const float = new Float64Array(buffer);
const words = new Int32Array(buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/** The high word of `x` as a signed 32-bit integer (negative when the sign bit is set). */
export function highWord(x: number): number {
  float[0] = x;
  return words[HIGH]!;
}

/** The low word of `x` as an unsigned 32-bit integer. */
export function lowWord(x: number): number {
  float[0] = x;
  return words[LOW]! >>> 0;
}

/** The double whose high and low words are the given 32-bit integers. */
export function fromWords(high: number, low: number): number {
  words[HIGH] = high;
  words[LOW] = low;
  return float[0]!;
}

/** `x` with its high word replaced by `high`. */
export function withHighWord(x: number, high: number): number {
  float[0] = x;
  words[HIGH] = high;
  return float[0]!;
}

/** `x` with its low word replaced by `low` (fdlibm's SET_LOW_WORD). */
export function withLowWord(x: number, low: number): number {
  float[0] = x;
  words[LOW] = low;
  return float[0]!;
}

/** 2^k for k = −1022 … 1023 at index k + 1022: a table is faster than building the bits. */
const POWERS_OF_TWO = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POWERS_OF_TWO[k + 1022] = fromWords((k + 1023) << 20, 0);

/** 2^k for −1022 ≤ k ≤ 1023, exactly (a normal double with an empty significand). */
export function powerOfTwo(k: number): number {
  return POWERS_OF_TWO[k + 1022]!;
}
