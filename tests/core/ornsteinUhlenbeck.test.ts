import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/core/normalQuantile.js';
import {
  ornsteinUhlenbeckInnovationScale,
  ornsteinUhlenbeckNext,
  ornsteinUhlenbeckPersistence,
} from '../../src/core/ornsteinUhlenbeck.js';
import { nextUniform, seedStateInto } from '../../src/core/random.js';

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
    const variance = sumSquares / draws - mean * mean;
    // E[x_t] = θ + (x₀ − θ)e^{−κt};  Var[x_t] = σ²(1 − e^{−2κt})/(2κ)
    const expectedMean = theta + (start - theta) * Math.exp(-kappa * years);
    const expectedVariance = (sigma * sigma * (1 - Math.exp(-2 * kappa * years))) / (2 * kappa);
    expect(Math.abs(mean - expectedMean)).toBeLessThan(5 * Math.sqrt(expectedVariance / draws));
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.02);
  });

  it('becomes a random walk with variance σ² per year as κ → 0', () => {
    expect(ornsteinUhlenbeckPersistence(0)).toBe(1);
    expect(ornsteinUhlenbeckInnovationScale(0, 0.3)).toBe(0.3);
    expect(ornsteinUhlenbeckInnovationScale(1e-9, 0.3)).toBeCloseTo(0.3, 8);
  });
});
