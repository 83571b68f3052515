// The words of an IEEE 754 double, as fdlibm's __HI/__LO macros read and write them
// (src/core/floatBits.ts on the JavaScript side).

/** The high word of x (sign, exponent, top 20 bits of the significand), signed. */
// @ts-ignore: decorator
@inline export function highWord(x: f64): i32 {
  return <i32>(reinterpret<u64>(x) >>> 32);
}

/** The low word of x. */
// @ts-ignore: decorator
@inline export function lowWord(x: f64): u32 {
  return <u32>reinterpret<u64>(x);
}

/** The double whose high and low words are given. */
// @ts-ignore: decorator
@inline export function fromWords(high: u32, low: u32): f64 {
  return reinterpret<f64>((<u64>high << 32) | <u64>low);
}

/** x with its high word replaced. */
// @ts-ignore: decorator
@inline export function withHighWord(x: f64, high: i32): f64 {
  return reinterpret<f64>((<u64><u32>high << 32) | (reinterpret<u64>(x) & 0xffffffff));
}
