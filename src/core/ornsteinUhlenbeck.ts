import { exp } from './exp.js';
import { expm1 } from './expm1.js';
/**
 * Exact one-year step of an Ornstein–Uhlenbeck process dx = κ(θ − x)dt + σ dW:
 *   x₁ = θ + (x₀ − θ)·e^{−κ} + σ·√((1 − e^{−2κ}) / (2κ))·ε,  ε ~ N(0, 1)
 * (Gillespie, "Exact numerical simulation of the Ornstein-Uhlenbeck process and its integral",
 * Phys. Rev. E 54(2):2084, 1996). The two coefficients depend only on κ and σ, so the engine
 * computes them once per path.
 */

/** e^{−κ}: the share of the gap to the long-run mean that survives one year. */
export function ornsteinUhlenbeckPersistence(meanReversion: number): number {
  return exp(-meanReversion);
}

/** σ·√((1 − e^{−2κ}) / (2κ)): standard deviation of the one-year innovation (σ as κ → 0). */
export function ornsteinUhlenbeckInnovationScale(meanReversion: number, volatility: number): number {
  const varianceFactor = meanReversion > 1e-12 ? -expm1(-2 * meanReversion) / (2 * meanReversion) : 1;
  return volatility * Math.sqrt(varianceFactor);
}

/** One exact year of the process from `current`, given a standard normal draw. */
export function ornsteinUhlenbeckNext(current: number, longRunMean: number, persistence: number, innovationScale: number, standardNormal: number): number {
  return longRunMean + (current - longRunMean) * persistence + innovationScale * standardNormal;
}
