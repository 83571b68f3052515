import { describe, expect, it } from 'vitest';
import { fitCarShare } from '../../../src/analysis/calibration/fitCarShare.js';
import { nextUniform, seedStateInto } from '../../../src/core/random.js';
import { normalQuantile } from '../../../src/core/normalQuantile.js';

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (s: number) => Math.log(s / (1 - s));

/** Shares on the model's partial-adjustment path from `base`, with optional noise on the log-odds. */
function sharePath(base: number, speed: number, target: number, years: number, noise: number, seed: number): Record<number, number> {
  const state = new Uint32Array(4);
  seedStateInto(state, seed, 0, 11, 0);
  const out: Record<number, number> = {};
  for (let h = 0; h < years; h++) {
    const path = target + (logit(base) - target) * (1 - speed) ** h;
    out[2000 + h] = logistic(h === 0 ? path : path + noise * normalQuantile(nextUniform(state)));
  }
  return out;
}

describe('fitCarShare', () => {
  it('recovers the speed and target exactly from a noiseless path', () => {
    const fit = fitCarShare(sharePath(0.07, 0.45, 0.4, 6, 0, 1), 5.6, 0.95)!;
    expect(fit.adjustmentSpeed.estimate).toBeCloseTo(0.45, 6);
    expect(fit.targetLogOdds.estimate).toBeCloseTo(0.4, 6);
    expect(fit.targetShare.estimate).toBeCloseTo(logistic(0.4), 6);
    expect(fit.degreesOfFreedom).toBe(3);
  });

  it('recovers known parameters within 3 standard errors from a noisy path', () => {
    for (const seed of [1, 2, 3]) {
      const fit = fitCarShare(sharePath(0.1, 0.35, 0.5, 12, 0.05, seed), 5.6, 0.95)!;
      expect(Math.abs(fit.adjustmentSpeed.estimate - 0.35) / fit.adjustmentSpeed.standardError!).toBeLessThan(3);
      expect(Math.abs(fit.targetLogOdds.estimate - 0.5) / fit.targetLogOdds.standardError!).toBeLessThan(3);
    }
  });

  it('turns the target into the price wedge of the two-supplier Armington target', () => {
    const fit = fitCarShare(sharePath(0.07, 0.5, 0.6, 5, 0, 1), 5.6, 0.95)!;
    // s*/(1 − s*) = b/(1 − b)·(p_rest/p_china)^(σ − 1)
    expect(fit.logPriceWedge.estimate).toBeCloseTo((0.6 - logit(0.07)) / 4.6, 6);
  });

  it('needs the base and two more years', () => {
    expect(fitCarShare({ 2021: 0.07, 2022: 0.17 }, 5.6, 0.95)).toBeNull();
  });
});
