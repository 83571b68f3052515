import { z } from 'zod';

/**
 * Zod schemas of the parts of run results that analysis results reuse, so the API can describe
 * its responses (OpenAPI) from the same source as the TypeScript types (STYLE 3).
 */

const perYear = z.array(z.number()).readonly().describe('one value per entry of `years`');

/** Mean and percentiles of one series by projected year (core `SeriesSummary`). */
export const seriesSummarySchema = z.object({
  unit: z.string(),
  mean: perYear,
  p5: perYear,
  p25: perYear,
  p50: perYear,
  p75: perYear,
  p95: perYear,
});

/** A target's probability across paths (`TargetResult` of a run). */
export const targetResultSchema = z.object({
  id: z.string(),
  label: z.string(),
  year: z.number().int(),
  expression: z.string(),
  probability: z.number().nullable(),
  standardError: z.number().nullable(),
});

/** An estimate with a confidence interval. */
export const intervalEstimateSchema = z.object({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
  standardError: z.number(),
});

export type IntervalEstimate = z.infer<typeof intervalEstimateSchema>;
