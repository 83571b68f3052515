import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BETA_QUANTILE_NODES } from '../../src/core/defaults.js';
import type { Distribution } from '../../src/core/distribution.js';
import { regularizedIncompleteBeta, logGamma } from '../../src/core/incompleteBeta.js';
import { normalCdf } from '../../src/core/normalCdf.js';
import { createQuantileFunction, supportOf } from '../../src/core/quantileFunction.js';
import { nextUniform, seedStateInto } from '../../src/core/random.js';
import { CheckFamily } from '../statistics.js';

const DRAWS = 200_000;

function draws(spec: Distribution): Float64Array {
  const quantile = createQuantileFunction(spec);
  const state = new Uint32Array(4);
  seedStateInto(state, 11, 0, 1, 0);
  const out = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) out[i] = quantile(nextUniform(state));
  return out;
}

function moments(values: Float64Array): { mean: number; variance: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  return { mean, variance: variance / (values.length - 1) };
}

/**
 * Adds to `family` the sample mean of DRAWS draws against `mean` (s.e. √(σ²/n)) and their
 * sample variance against `variance`, whose s.e. is √((μ₄ − σ⁴(n − 3)/(n − 1))/n) with μ₄ the
 * family's fourth central moment (it is normal for large n whatever the distribution).
 */
function addMoments(family: CheckFamily, spec: Distribution, mean: number, variance: number, fourthMoment: number): void {
  const sample = moments(draws(spec));
  family.normalEstimate(`${spec.dist} mean`, sample.mean, mean, Math.sqrt(variance / DRAWS));
  if (variance > 0) family.normalEstimate(`${spec.dist} variance`, sample.variance, variance, Math.sqrt((fourthMoment - (variance * variance * (DRAWS - 3)) / (DRAWS - 1)) / DRAWS));
}

/** The fourth central moment from the first four raw moments E[X], E[X²], E[X³], E[X⁴]. */
const centralFourth = ([m1, m2, m3, m4]: readonly number[]) => m4! - 4 * m1! * m3! + 6 * m1! * m1! * m2! - 3 * m1! ** 4;

describe('createQuantileFunction', () => {
  it('draws each family with its closed-form mean and variance', () => {
    // each variance within a few of its own standard errors (it was within 5%: 12–25 of them)
    const family = new CheckFamily();
    addMoments(family, { dist: 'fixed', value: 3.5 }, 3.5, 0, 0);
    addMoments(family, { dist: 'normal', mean: 0.03, sd: 0.04 }, 0.03, 0.0016, 3 * 0.0016 ** 2);
    // lognormal: E[X^k] = m^k·e^{k²s²/2}
    const s = 0.3;
    const raw = [1, 2, 3, 4].map((k) => 70 ** k * Math.exp((k * k * s * s) / 2));
    addMoments(family, { dist: 'lognormal', median: 70, sigma: s }, 70 * Math.exp((s * s) / 2), 70 ** 2 * (Math.exp(s * s) - 1) * Math.exp(s * s), centralFourth(raw));
    addMoments(family, { dist: 'uniform', min: 2, max: 5 }, 3.5, 9 / 12, 3 ** 4 / 80);
    // triangular: excess kurtosis −3/5 whatever its shape
    const [a, c, b] = [1, 2, 6];
    const triangularVariance = (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    addMoments(family, { dist: 'triangular', min: a, mode: c, max: b }, (a + b + c) / 3, triangularVariance, 2.4 * triangularVariance ** 2);
    const [al, be] = [6, 4];
    const betaVariance = (al * be) / ((al + be) ** 2 * (al + be + 1));
    const betaExcessKurtosis = (6 * ((al - be) ** 2 * (al + be + 1) - al * be * (al + be + 2))) / (al * be * (al + be + 2) * (al + be + 3));
    addMoments(family, { dist: 'beta', alpha: al, beta: be, min: 0, max: 1 }, al / (al + be), betaVariance, (3 + betaExcessKurtosis) * betaVariance ** 2);
    // equally spaced values interpolated linearly: uniform on [1, 5]
    addMoments(family, { dist: 'empirical', values: [5, 1, 4, 2, 3] }, 3, 16 / 12, 4 ** 4 / 80);
    expect(family.failures()).toEqual([]);
  });

  it('draws a truncated normal with the closed-form truncated mean, inside its bounds', () => {
    const [mu, sigma, lo, hi] = [0.28, 0.05, 0.1, 0.3];
    const alpha = (lo - mu) / sigma;
    const beta = (hi - mu) / sigma;
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const z = normalCdf(beta) - normalCdf(alpha);
    const mean = mu + (sigma * (phi(alpha) - phi(beta))) / z;
    const variance = sigma ** 2 * (1 + (alpha * phi(alpha) - beta * phi(beta)) / z - ((phi(alpha) - phi(beta)) / z) ** 2);
    // raw moments of the standard normal truncated to [α, β]: E[T^k] = (k − 1)E[T^{k−2}] + (α^{k−1}φ(α) − β^{k−1}φ(β))/Z
    const raw = [1, (phi(alpha) - phi(beta)) / z];
    for (let k = 2; k <= 4; k++) raw.push((k - 1) * raw[k - 2]! + (alpha ** (k - 1) * phi(alpha) - beta ** (k - 1) * phi(beta)) / z);
    const family = new CheckFamily();
    addMoments(family, { dist: 'truncnormal', mean: mu, sd: sigma, min: lo, max: hi }, mean, variance, sigma ** 4 * centralFourth(raw.slice(1)));
    expect(family.failures()).toEqual([]);
    const sample = draws({ dist: 'truncnormal', mean: mu, sd: sigma, min: lo, max: hi });
    expect(sample.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(lo);
    expect(sample.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(hi);
  });

  it('keeps a truncated normal far in the right tail inside its bounds', () => {
    const q = createQuantileFunction({ dist: 'truncnormal', mean: 0, sd: 1, min: 9, max: 10 });
    for (const u of [1e-9, 0.3, 0.5, 0.99]) {
      const x = q(u);
      expect(x).toBeGreaterThanOrEqual(9);
      expect(x).toBeLessThanOrEqual(10);
    }
  });

  it('tabulates the beta quantile within one grid step of the exact inverse', () => {
    const q = createQuantileFunction({ dist: 'beta', alpha: 2, beta: 5, min: 0, max: 1 });
    for (const u of [0.01, 0.1, 0.5, 0.9, 0.99]) {
      expect(Math.abs(regularizedIncompleteBeta(q(u), 2, 5) - u), `u = ${u}`).toBeLessThan(1e-6);
    }
  });

  it('finds the same beta table node through its guide table as a search of the whole table', () => {
    // the search the engine did before the guide table: bisection over all BETA_QUANTILE_NODES
    const step = 1 / (BETA_QUANTILE_NODES - 1);
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 40, noNaN: true }),
        fc.double({ min: 0.3, max: 40, noNaN: true }),
        fc.array(fc.double({ min: 2 ** -32, max: 1 - 2 ** -32, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (alpha, beta, us) => {
          const table = Float64Array.from({ length: BETA_QUANTILE_NODES }, (_, i) => regularizedIncompleteBeta(i * step, alpha, beta));
          table[0] = 0;
          table[BETA_QUANTILE_NODES - 1] = 1;
          const quantile = createQuantileFunction({ dist: 'beta', alpha, beta, min: 2, max: 5 });
          for (const u of us) {
            let low = 0;
            let high = BETA_QUANTILE_NODES - 1;
            while (high - low > 1) {
              const middle = (low + high) >>> 1;
              if (table[middle]! <= u) low = middle;
              else high = middle;
            }
            const span = table[high]! - table[low]!;
            const expected = 2 + 3 * step * (low + (span > 0 ? (u - table[low]!) / span : 0));
            expect(quantile(u)).toBe(expected);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('never draws outside the declared support', () => {
    const specs: Distribution[] = [
      { dist: 'uniform', min: -1, max: 1 },
      { dist: 'triangular', min: 0, mode: 0, max: 1 },
      { dist: 'beta', alpha: 0.5, beta: 0.5, min: 2, max: 3 },
      { dist: 'empirical', values: [4, -2, 9] },
    ];
    for (const spec of specs) {
      const { min, max } = supportOf(spec);
      const q = createQuantileFunction(spec);
      for (const u of [1e-12, 1e-6, 0.5, 1 - 1e-6, 1 - 1e-12]) {
        expect(q(u)).toBeGreaterThanOrEqual(min);
        expect(q(u)).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches the closed forms I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      for (const k of [0.5, 1, 3, 7.5]) {
        expect(regularizedIncompleteBeta(x, 1, k)).toBeCloseTo(1 - (1 - x) ** k, 12);
        expect(regularizedIncompleteBeta(x, k, 1)).toBeCloseTo(x ** k, 12);
      }
    }
  });

  it('satisfies I_x(a, b) = 1 − I_{1−x}(b, a) and lnΓ(n) = ln (n − 1)!', () => {
    for (const [x, a, b] of [
      [0.3, 2, 5],
      [0.8, 0.7, 3.2],
      [0.5, 10, 10],
    ] as const) {
      expect(regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a)).toBeCloseTo(1, 12);
    }
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});
