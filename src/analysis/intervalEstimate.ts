import { z } from 'zod';

/** An estimate with a confidence interval and its standard error (sensitivity indices, …). */
export const intervalEstimateSchema = z.object({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
  standardError: z.number(),
});

export type IntervalEstimate = z.infer<typeof intervalEstimateSchema>;
