import { z } from 'zod';
import { chiSquareQuantile } from '../../core/chiSquareQuantile.js';
import { coefficientEstimate, coefficientEstimateSchema, type CoefficientEstimate } from '../../scenario/coefficientEstimate.js';
import type { GrowthObservation } from './growthObservations.js';
import { weightedLeastSquares } from './weightedLeastSquares.js';

export const growthModelFitSchema = z.object({
  /** `jump`: common drift + one-off 2022 jump; `regime`: adds a drift shift after the break year */
  model: z.enum(['jump', 'regime']),
  coefficients: z.array(coefficientEstimateSchema),
  /** σ̂, the standard deviation of one year's log growth around the drift (null without residual degrees of freedom) */
  residualStandardDeviation: z.number().nullable(),
  degreesOfFreedom: z.number().int(),
  observations: z.number().int(),
});
export type GrowthModelFit = z.infer<typeof growthModelFitSchema>;

export const growthFitSchema = z.object({
  observations: z.array(z.object({ from: z.number().int(), to: z.number().int(), years: z.number().int(), logChange: z.number(), residual: z.number() })),
  breakYear: z.number().int(),
  jump: growthModelFitSchema,
  regime: growthModelFitSchema.nullable(),
  /** the drift a projection should use, and why (see fitGrowth) */
  drift: coefficientEstimateSchema.extend({ degreesOfFreedom: z.number().int(), basis: z.enum(['common drift', 'post-break drift']) }),
  /** σ̂ with its chi-square interval; null without residual degrees of freedom */
  volatility: z.object({ estimate: z.number(), low: z.number(), high: z.number(), degreesOfFreedom: z.number().int() }).nullable(),
});
export type GrowthFit = z.infer<typeof growthFitSchema>;

/**
 * Drift and volatility of annual log growth, Δ ln X_t = μ + J·1{t = B} + δ·1{t > B} + σ·ε_t,
 * ε_t ~ N(0, 1) independent, fitted by generalised least squares on observations that may span
 * several years (h years: mean = the sum of the yearly means, variance h·σ², weight 1/h). This is
 * the exact likelihood of a random walk with drift observed with gaps (e.g. Harvey,
 * "Forecasting, Structural Time Series Models and the Kalman Filter", 1989, §3.4 on missing
 * observations in a random walk).
 *
 * The 2022 break (B) is modelled, not averaged away, in two nested specifications:
 * - `jump`: one common drift μ and a one-off jump J in year B (an impulse dummy on the growth
 *   rate, i.e. a permanent level shift): the drift is estimated from the other years only;
 * - `regime`: in addition a drift shift δ for the years after B, so μ + δ is the post-break
 *   drift (identified only when the data reach beyond B).
 * The drift a projection should carry is μ + δ if δ differs from zero at `confidence` (t-test),
 * else the common μ of the `jump` model; the choice is reported in `drift.basis`.
 * σ's interval: σ̂²·ν/σ² ~ χ²_ν.
 */
export function fitGrowth(observations: readonly GrowthObservation[], breakYear: number, confidence: number): GrowthFit | null {
  const covers = (o: GrowthObservation, year: number) => o.from < year && year <= o.to;
  const postYears = (o: GrowthObservation) => Math.max(0, o.to - Math.max(o.from, breakYear));
  const hasBreak = observations.some((o) => covers(o, breakYear));
  const hasPost = observations.some((o) => postYears(o) > 0);

  const jumpDesign = observations.map((o) => (hasBreak ? [o.years, covers(o, breakYear) ? 1 : 0] : [o.years]));
  const jumpNames = hasBreak ? ['drift', `jump ${breakYear}`] : ['drift'];
  const jump = fitModel('jump', jumpNames, jumpDesign, observations, confidence);
  if (!jump) return null;

  let regime: ReturnType<typeof fitModel> = null;
  if (hasPost) {
    const design = observations.map((o) => [o.years, ...(hasBreak ? [covers(o, breakYear) ? 1 : 0] : []), postYears(o)]);
    regime = fitModel('regime', ['drift', ...(hasBreak ? [`jump ${breakYear}`] : []), `drift shift after ${breakYear}`], design, observations, confidence);
  }

  const jumpFit = jump.fit;
  let drift: GrowthFit['drift'] = { ...jumpFit.coefficients[0]!, name: 'drift', degreesOfFreedom: jumpFit.degreesOfFreedom, basis: 'common drift' };
  if (regime) {
    const shift = regime.fit.coefficients.at(-1)!;
    if (shift.pValue !== null && shift.pValue < 1 - confidence) {
      const k = regime.covariance.length;
      const variance = regime.covariance[0]![0]! + regime.covariance[k - 1]![k - 1]! + 2 * regime.covariance[0]![k - 1]!;
      const estimate = regime.fit.coefficients[0]!.estimate + shift.estimate;
      drift = { ...coefficientEstimate('post-break drift', estimate, variance, regime.fit.degreesOfFreedom, confidence), degreesOfFreedom: regime.fit.degreesOfFreedom, basis: 'post-break drift' };
    }
  }

  const nu = jumpFit.degreesOfFreedom;
  const sigma = jumpFit.residualStandardDeviation;
  const tail = (1 - confidence) / 2;
  const volatility =
    sigma !== null && nu > 0
      ? { estimate: sigma, low: sigma * Math.sqrt(nu / chiSquareQuantile(1 - tail, nu)), high: sigma * Math.sqrt(nu / chiSquareQuantile(tail, nu)), degreesOfFreedom: nu }
      : null;

  return {
    observations: observations.map((o, i) => ({ ...o, residual: jump.residuals[i]! })),
    breakYear,
    jump: jumpFit,
    regime: regime?.fit ?? null,
    drift,
    volatility,
  };
}

function fitModel(
  model: GrowthModelFit['model'],
  names: readonly string[],
  design: number[][],
  observations: readonly GrowthObservation[],
  confidence: number,
): { fit: GrowthModelFit; covariance: readonly (readonly number[])[]; residuals: readonly number[] } | null {
  const fit = weightedLeastSquares(
    design,
    observations.map((o) => o.logChange),
    observations.map((o) => 1 / o.years),
  );
  if (!fit) return null;
  const coefficients: CoefficientEstimate[] = names.map((name, a) => coefficientEstimate(name, fit.coefficients[a]!, fit.covariance[a]![a]!, fit.degreesOfFreedom, confidence));
  return {
    fit: {
      model,
      coefficients,
      residualStandardDeviation: fit.degreesOfFreedom > 0 ? Math.sqrt(fit.residualVariance) : null,
      degreesOfFreedom: fit.degreesOfFreedom,
      observations: observations.length,
    },
    covariance: fit.covariance,
    residuals: fit.residuals,
  };
}
