/**
 * Pinball (quantile) loss of a forecast quantile q at level τ for observation y:
 *   ρ_τ(y − q) = (y − q)·(τ − 1{y < q})
 * (Koenker & Bassett, Econometrica 46(1):33–50, 1978; Gneiting & Raftery, JASA 2007, eq. 26:
 * a proper score for the τ-quantile). Averaged over τ ∈ (0, 1) it gives CRPS/2.
 */
export function pinballLoss(quantile: number, level: number, observation: number): number {
  const error = observation - quantile;
  return error * (level - (observation < quantile ? 1 : 0));
}
