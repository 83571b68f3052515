import { z } from 'zod';
import { studentTCdf } from '../core/studentTCdf.js';
import { studentTQuantile } from '../core/studentTQuantile.js';

/** An estimated coefficient with its standard error, t-test of zero and t interval. */
export const coefficientEstimateSchema = z.object({
  name: z.string(),
  estimate: z.number(),
  /** null when the fit has no residual degrees of freedom */
  standardError: z.number().nullable(),
  tStatistic: z.number().nullable(),
  /** two-sided p-value of "coefficient = 0", Student t with the fit's degrees of freedom */
  pValue: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type CoefficientEstimate = z.infer<typeof coefficientEstimateSchema>;

/** Standard error, t statistic, p-value and a `confidence` t interval for an estimate. */
export function coefficientEstimate(name: string, estimate: number, variance: number, degreesOfFreedom: number, confidence: number): CoefficientEstimate {
  if (!(degreesOfFreedom > 0) || !(variance >= 0)) {
    return { name, estimate, standardError: null, tStatistic: null, pValue: null, low: null, high: null };
  }
  const standardError = Math.sqrt(variance);
  const critical = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom);
  const tStatistic = standardError > 0 ? estimate / standardError : null;
  const pValue = tStatistic === null ? null : 2 * (1 - studentTCdf(Math.abs(tStatistic), degreesOfFreedom));
  return { name, estimate, standardError, tStatistic, pValue, low: estimate - critical * standardError, high: estimate + critical * standardError };
}
