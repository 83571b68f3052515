import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/core/normalQuantile.js';
import { ornsteinUhlenbeckInnovationScale, ornsteinUhlenbeckNext, ornsteinUhlenbeckPersistence } from '../../src/core/ornsteinUhlenbeck.js';
import { nextUniform, seedStateInto } from '../../src/core/random.js';
import { SERIES_OIL_PRICE } from '../../src/core/simulationOutput.js';
import { preparedRun, shipped, simulated, variant } from '../helpers.js';
import { fixed } from '../scenarioArbitraries.js';
import { CheckFamily, sampleCorrelation } from '../statistics.js';

describe('exact Ornstein–Uhlenbeck step', () => {
  const draws = 200_000;
  const theta = Math.log(70);
  const start = Math.log(90);

  it.each([
    [0.087, 0.28],
    [0.35, 0.3],
    [1.5, 0.1],
  ])('after t years from x₀, mean and variance match the closed form (κ = %s, σ = %s)', (kappa, sigma) => {
    const years = 5;
    const persistence = ornsteinUhlenbeckPersistence(kappa);
    const scale = ornsteinUhlenbeckInnovationScale(kappa, sigma);
    const state = new Uint32Array(4);
    let sum = 0;
    let sumSquares = 0;
    for (let path = 0; path < draws; path++) {
      let x = start;
      for (let t = 0; t < years; t++) {
        seedStateInto(state, 3, path, 2, t);
        x = ornsteinUhlenbeckNext(x, theta, persistence, scale, normalQuantile(nextUniform(state)));
      }
      sum += x;
      sumSquares += x * x;
    }
    const mean = sum / draws;
    const variance = (sumSquares - draws * mean * mean) / (draws - 1);
    // E[x_t] = θ + (x₀ − θ)e^{−κt};  Var[x_t] = σ²(1 − e^{−2κt})/(2κ)
    const expectedMean = theta + (start - theta) * Math.exp(-kappa * years);
    const expectedVariance = (sigma * sigma * (1 - Math.exp(-2 * kappa * years))) / (2 * kappa);
    // the mean within a few s.e. √(Var/n); (n − 1)s²/Var inside χ²(n − 1)'s interval: about ±1.3% at n = 200,000
    const family = new CheckFamily();
    family.normalEstimate('mean', mean, expectedMean, Math.sqrt(expectedVariance / draws));
    family.variance('variance', variance, expectedVariance, draws - 1);
    expect(family.failures()).toEqual([]);
  });

  it('becomes a random walk with variance σ² per year as κ → 0', () => {
    expect(ornsteinUhlenbeckPersistence(0)).toBe(1);
    expect(ornsteinUhlenbeckInnovationScale(0, 0.3)).toBe(0.3);
    expect(ornsteinUhlenbeckInnovationScale(1e-9, 0.3)).toBeCloseTo(0.3, 8);
  });
});

describe('log oil in the engine', () => {
  /**
   * The engine's oil price (simulatePaths.ts, step 3) from a fixed start x₀ = ln p₀ with fixed
   * κ, σ, θ: after h years x_h is normal with mean θ + (x₀ − θ)e^{−κh} and variance
   * σ²(1 − e^{−2κh})/(2κ) (σ²h at κ = 0); and one year from wherever it is, the residual
   * x_h − θ − (x_{h−1} − θ)e^{−κ} is normal with mean 0 and variance σ²(1 − e^{−2κ})/(2κ),
   * uncorrelated with x_{h−1} (the conditional mean's slope is e^{−κ}). Read from the outputs
   * (ln of the oil price), 40,000 paths × 5 years: a variance within about ±3% at each
   * horizon, ±1.5% for the one-year residuals (160,000 of them); 13 checks a case.
   */
  const baseline = shipped('baseline');
  const paths = 40_000;

  it.each([
    // κ, σ, θ ($/bbl), start ($/bbl)
    [0.087, 0.28, 70, 69], // the baseline's slowest reversion (half-life 8 years) and its typical volatility
    [0.35, 0.5, 45, 90], // far above a low long-run price, volatile
    [1.5, 0.1, 100, 40], // far below, quiet, fast
    [3, 0.6, 70, 69], // nearly its stationary law after a year
    [0, 0.3, 70, 50], // κ = 0: a random walk, variance σ²h
  ])('after h = 1…5 years, and one year from wherever it is, has the closed-form mean and variance (κ = %s, σ = %s, θ = %s, from %s)', async (kappa, sigma, longRun, start) => {
    const resolved = variant(baseline, {
      sectors: { cars: baseline.scenario.sectors.cars },
      'oil.start.value': start,
      'oil.longRunPrice': fixed(longRun),
      'oil.meanReversion': fixed(kappa),
      'oil.volatility': fixed(sigma),
    });
    const output = await simulated(preparedRun(resolved, { paths, seed: 70 }));
    const years = output.yearCount;
    const logOil = Array.from({ length: years }, (_, y) => output.values[SERIES_OIL_PRICE]!.subarray(y * paths, (y + 1) * paths).map(Math.log));
    const theta = Math.log(longRun);
    const x0 = Math.log(start);
    const persistence = Math.exp(-kappa);
    // Var after h years: σ²(1 − e^{−2κh})/(2κ), written with expm1 so that κ → 0 gives σ²h
    const varianceAfter = (h: number) => (kappa > 0 ? (sigma * sigma * -Math.expm1(-2 * kappa * h)) / (2 * kappa) : sigma * sigma * h);
    const family = new CheckFamily();
    logOil.forEach((x, y) => {
      const h = y + 1;
      const mean = x.reduce((a, b) => a + b, 0) / paths;
      const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (paths - 1);
      family.normalEstimate(`mean after ${h} years`, mean, theta + (x0 - theta) * Math.exp(-kappa * h), Math.sqrt(varianceAfter(h) / paths));
      family.variance(`variance after ${h} years`, variance, varianceAfter(h), paths - 1);
    });
    // one year on from x_{h−1}, h = 2…5, every path
    const before = new Float64Array((years - 1) * paths);
    const residual = new Float64Array((years - 1) * paths);
    for (let y = 1; y < years; y++) {
      for (let p = 0; p < paths; p++) {
        before[(y - 1) * paths + p] = logOil[y - 1]![p]!;
        residual[(y - 1) * paths + p] = logOil[y]![p]! - theta - (logOil[y - 1]![p]! - theta) * persistence;
      }
    }
    const n = residual.length;
    const innovationVariance = varianceAfter(1);
    family.normalEstimate('mean of the one-year residual', residual.reduce((a, b) => a + b, 0) / n, 0, Math.sqrt(innovationVariance / n));
    // about the known mean 0: n·(mean square)/Var is χ²(n)
    family.variance('variance of the one-year residual', residual.reduce((a, b) => a + b * b, 0) / n, innovationVariance, n);
    family.correlation('one-year residual against last year’s log price', sampleCorrelation(residual, before), 0, n);
    expect(family.failures()).toEqual([]);
  });
});
