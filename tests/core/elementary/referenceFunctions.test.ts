import { describe, expect, it } from 'vitest';
import { expReference, expm1Reference, log1pReference, logReference, powReference, type ScaledValue } from './referenceFunctions.js';
import { twoTo } from './doubleDouble.js';

/**
 * value = hi + lo, from a 60-digit decimal computation (Python's decimal module). The
 * references keep ≈ 2^−100 relative; pow's carries y·ln x at 2^−104, so its error grows to
 * |y·ln x|·2^−104 (2e−29 for 0.7^1000.5, where y·ln x = −357) — still 2^−42 of an ulp.
 */
const known = (reference: ScaledValue, hi: number, lo: number, tolerance = 1e-29) => {
  const factor = twoTo(reference.exponent);
  const difference = (reference.mantissa.hi * factor - hi + (reference.mantissa.lo * factor - lo)) / hi;
  expect(Math.abs(difference), `${hi}`).toBeLessThan(tolerance);
};

describe('the exact references the elementary functions are measured against', () => {
  it('agree with 60-digit decimal values to 1e−29 relative', () => {
    known(expReference(1), 2.718281828459045, 1.4456468917292502e-16);
    known(expReference(0.3), 1.3498588075760032, -9.447314673432387e-17);
    known(expReference(-700), 9.85967654375977e-305, 8.5e-322);
    known(logReference(10), 2.302585092994046, -2.1707562233822494e-16);
    known(logReference(1e-300), -690.7755278982137, -2.3670096176709832e-14);
    known(log1pReference(1e-5), 9.999950000333332e-6, -2.3868637284493416e-22);
    known(log1pReference(-0.3), -0.35667494393873234, -2.6895094047056423e-17);
    known(expm1Reference(1e-5), 1.0000050000166668e-5, -3.111926571619883e-22);
    known(expm1Reference(-3.7), -0.9752764735296606, 1.258293001309132e-17);
    known(expm1Reference(50.5), 8.548134287298057e21, 222304.91690892167);
    known(powReference(1.5, -33.25), 1.396257877617997e-6, 9.169346651900665e-23);
    known(powReference(0.7, 1000.5), 1.0485497336476576e-155, 7.052276300846263e-172, 357 * 2 ** -104);
  });
});
