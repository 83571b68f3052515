import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armingtonSharesInto, sharesFromLogRatiosInto } from '../../src/core/armingtonShares.js';
import { cappedWesternRatio } from '../../src/core/westernCap.js';

const SHARE_SUM_TOLERANCE = 1e-12;
const weights = fc.array(fc.double({ min: 1e-4, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }).map((w) => {
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
});
const prices = fc.array(fc.double({ min: 0.2, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 });
const elasticity = fc.double({ min: 1, max: 15, noNaN: true });

describe('Armington target shares', () => {
  it('sum to 1 and lie in [0, 1] for any weights, prices and elasticity', () => {
    fc.assert(
      fc.property(weights, prices, elasticity, (b, p, sigma) => {
        const s = new Float64Array(4);
        armingtonSharesInto(b, p, sigma, s);
        expect(Math.abs(s.reduce((a, x) => a + x, 0) - 1)).toBeLessThan(SHARE_SUM_TOLERANCE);
        for (const x of s) expect(x >= 0 && x <= 1).toBe(true);
      }),
    );
  });

  it('return the base shares when relative prices are unchanged (all prices equal)', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 0.1, max: 10, noNaN: true }), elasticity, (b, level, sigma) => {
        const s = new Float64Array(4);
        armingtonSharesInto(b, [level, level, level, level], sigma, s);
        b.forEach((w, j) => expect(Math.abs(s[j]! - w)).toBeLessThan(1e-12));
      }),
    );
  });

  it('equal the log-ratio form the engine uses: ln(s_j/s_ref) = ln(b_j/b_ref) + (1 − σ)(ln p_j − ln p_ref)', () => {
    fc.assert(
      fc.property(weights, prices, elasticity, (b, p, sigma) => {
        const direct = new Float64Array(4);
        armingtonSharesInto(b, p, sigma, direct);
        const ref = 2;
        const logRatios = b.map((w, j) => Math.log(w / b[ref]!) + (1 - sigma) * (Math.log(p[j]!) - Math.log(p[ref]!)));
        const viaRatios = new Float64Array(4);
        sharesFromLogRatiosInto(logRatios, viaRatios);
        direct.forEach((s, j) => expect(Math.abs(s - viaRatios[j]!)).toBeLessThan(1e-12));
      }),
    );
  });

  it('lower a supplier’s share when its price rises (σ > 1)', () => {
    fc.assert(
      fc.property(weights, prices, fc.double({ min: 1.01, max: 15, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), (b, p, sigma, rise) => {
        const before = new Float64Array(4);
        const after = new Float64Array(4);
        armingtonSharesInto(b, p, sigma, before);
        armingtonSharesInto(
          b,
          p.map((x, j) => (j === 1 ? x * (1 + rise) : x)),
          sigma,
          after,
        );
        expect(after[1]!).toBeLessThanOrEqual(before[1]!);
      }),
    );
  });
});

describe('Western availability cap', () => {
  it('holds the Western share at the cap and leaves the other ratios untouched', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (china, west, other, cap) => {
          const [c, w, o] = [Math.exp(china), Math.exp(west), Math.exp(other)];
          const capped = cappedWesternRatio(c, w, o, cap / (1 - cap));
          const westShare = capped / (1 + c + capped + o);
          const uncappedShare = w / (1 + c + w + o);
          expect(westShare).toBeLessThanOrEqual(cap * (1 + 1e-12));
          if (uncappedShare <= cap) expect(capped).toBe(w);
          else expect(westShare).toBeCloseTo(cap, 12);
        },
      ),
    );
  });
});
