import { z } from 'zod';
import { coefficientEstimate, coefficientEstimateSchema } from '../../scenario/coefficientEstimate.js';
import { exp } from '../../core/exp.js';
import { log } from '../../core/log.js';
import { pow } from '../../core/pow.js';

export const carShareFitSchema = z.object({
  baseYear: z.number().int(),
  years: z.array(z.number().int()),
  shares: z.array(z.number()),
  fitted: z.array(z.number()),
  /** λ, the share of the gap to the target log-odds closed each year */
  adjustmentSpeed: coefficientEstimateSchema,
  /** L* = ln(s* / (1 − s*)), the target log-odds of China's share */
  targetLogOdds: coefficientEstimateSchema,
  /** s* with the interval of L* mapped through the logistic function */
  targetShare: z.object({ estimate: z.number(), low: z.number().nullable(), high: z.number().nullable() }),
  /** ln(p_rest/p_china) = (L* − logit b)/(σ − 1): the price wedge on non-Chinese suppliers that makes s* the Armington target */
  logPriceWedge: coefficientEstimateSchema,
  elasticity: z.number(),
  residualStandardDeviation: z.number().nullable(),
  degreesOfFreedom: z.number().int(),
  /** true when the best λ sits on a bound of [0, 1] (the standard errors then mean little) */
  onBound: z.boolean(),
});
export type CarShareFit = z.infer<typeof carShareFitSchema>;

/** Points of the grid the profile search starts from. */
const GRID = 2_000;

/**
 * Substitution speed λ and target share s* of Chinese brands in Russia's new-car market, by
 * nonlinear least squares of the model's partial adjustment (docs/model.md, step 6) from the base
 * year's share. In log-odds ℓ = ln(s/(1 − s)) — China against every other supplier, the one ratio
 * the data observe — the deterministic path from the base is
 *   ℓ_t = L* + (ℓ_base − L*)·(1 − λ)^(t − base),
 * the same geometric approach the engine applies to each log-ratio. For a given λ the path is
 * linear in L*, so L*(λ) has a closed form and the fit is a one-dimensional search of the profile
 * sum of squares (Golub & Pereyra, SIAM J. Numer. Anal. 10:413, 1973, variable projection),
 * refined by golden section. Standard errors: σ̂²(JᵀJ)⁻¹ with J the Jacobian at the optimum and
 * σ̂² = RSS/(n − 2) (Seber & Wild, "Nonlinear Regression", 1989, §2.1); Student t intervals.
 * With the four shipped points (2021 base + three years) there is one residual degree of
 * freedom: the t quantile is 12.7, and the intervals say how little the data pin down.
 * `firstYear` moves the base later (e.g. to 2022, whose annual share is partly pre-sanctions).
 * The price wedge follows from the two-supplier Armington target
 * s* / (1 − s*) = b/(1 − b)·(p_rest/p_china)^(σ − 1), b the base-year share, at a given σ.
 */
export function fitCarShare(sharesByYear: Readonly<Record<number, number>>, elasticity: number, confidence: number, firstYear = -Infinity): CarShareFit | null {
  const years = Object.keys(sharesByYear)
    .map(Number)
    .filter((y) => y >= firstYear && sharesByYear[y]! > 0 && sharesByYear[y]! < 1)
    .sort((a, b) => a - b);
  if (years.length < 3) return null; // the base and at least two years: two parameters
  const baseYear = years[0]!;
  const shares = years.map((y) => sharesByYear[y]!);
  const logOdds = shares.map((s) => log(s / (1 - s)));
  const base = logOdds[0]!;
  const steps = years.slice(1).map((y) => y - baseYear);
  const observed = logOdds.slice(1);

  const profile = (speed: number): { target: number; rss: number } => {
    const target = targetForSpeed(years, logOdds, speed);
    const rss = steps.reduce((sum, h, i) => {
      const residual = observed[i]! - target - (base - target) * pow(1 - speed, h);
      return sum + residual * residual;
    }, 0);
    return { target, rss };
  };

  // grid over (0, 1], then golden-section refinement around the best grid point
  let best = 1;
  let bestRss = profile(1).rss;
  for (let i = 1; i < GRID; i++) {
    const speed = i / GRID;
    const { rss } = profile(speed);
    if (rss < bestRss) {
      bestRss = rss;
      best = speed;
    }
  }
  let low = Math.max(1e-9, best - 1 / GRID);
  let high = Math.min(1, best + 1 / GRID);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (profile(a).rss <= profile(b).rss) high = b;
    else low = a;
  }
  const candidate = 0.5 * (low + high);
  const speed = profile(candidate).rss <= bestRss ? candidate : best;
  const { target, rss } = profile(speed);
  const onBound = speed >= 1 - 1e-6 || speed <= 1e-6;

  const n = observed.length;
  const degreesOfFreedom = n - 2;
  const residualVariance = degreesOfFreedom > 0 ? rss / degreesOfFreedom : NaN;
  // Jacobian of the path with respect to (λ, L*)
  let jll = 0;
  let jlt = 0;
  let jtt = 0;
  steps.forEach((h) => {
    const dSpeed = -(base - target) * h * pow(1 - speed, h - 1);
    const dTarget = 1 - pow(1 - speed, h);
    jll += dSpeed * dSpeed;
    jlt += dSpeed * dTarget;
    jtt += dTarget * dTarget;
  });
  const determinant = jll * jtt - jlt * jlt;
  const varianceSpeed = determinant > 0 ? (residualVariance * jtt) / determinant : NaN;
  const varianceTarget = determinant > 0 ? (residualVariance * jll) / determinant : NaN;

  const targetLogOdds = coefficientEstimate('target log-odds L*', target, varianceTarget, degreesOfFreedom, confidence);
  const logistic = (x: number) => 1 / (1 + exp(-x));
  const baseLogOdds = base;
  const wedge = (target - baseLogOdds) / (elasticity - 1);
  return {
    baseYear,
    years,
    shares,
    fitted: [shares[0]!, ...steps.map((h) => logistic(target + (base - target) * pow(1 - speed, h)))],
    adjustmentSpeed: coefficientEstimate('adjustment speed λ', speed, varianceSpeed, degreesOfFreedom, confidence),
    targetLogOdds,
    targetShare: {
      estimate: logistic(target),
      low: targetLogOdds.low === null ? null : logistic(targetLogOdds.low),
      high: targetLogOdds.high === null ? null : logistic(targetLogOdds.high),
    },
    logPriceWedge: coefficientEstimate('ln(p_rest / p_china)', wedge, varianceTarget / ((elasticity - 1) * (elasticity - 1)), degreesOfFreedom, confidence),
    elasticity,
    residualStandardDeviation: degreesOfFreedom > 0 ? Math.sqrt(residualVariance) : null,
    degreesOfFreedom,
    onBound,
  };
}

/**
 * The target log-odds L* that best fits (least squares) a log-odds path from its first year, for
 * a given speed λ: the path ℓ_t = L* + (ℓ_base − L*)·g_t, g_t = (1 − λ)^(t − base), is linear in
 * L*, so L* = Σ (ℓ_t − ℓ_base·g_t)(1 − g_t) / Σ (1 − g_t)².
 */
export function targetForSpeed(years: readonly number[], logOdds: readonly number[], speed: number): number {
  const base = logOdds[0]!;
  let numerator = 0;
  let denominator = 0;
  for (let i = 1; i < years.length; i++) {
    const remaining = pow(1 - speed, years[i]! - years[0]!);
    numerator += (logOdds[i]! - base * remaining) * (1 - remaining);
    denominator += (1 - remaining) * (1 - remaining);
  }
  return denominator > 0 ? numerator / denominator : logOdds.at(-1)!;
}
