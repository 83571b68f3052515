import { z } from 'zod';
import { log } from '../../core/log.js';

/** The change in log level between two years with data, over `years` years (1 for neighbours). */
export const growthObservationSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  years: z.number().int(),
  logChange: z.number(),
});
export type GrowthObservation = z.infer<typeof growthObservationSchema>;

/** A level by year; null where the data have none (or the year is left out). */
export interface Level {
  readonly year: number;
  readonly value: number | null;
}

/**
 * Log changes between consecutive years that have a level. A gap (2012, an unstated split, a
 * year left out as suspect) makes one observation span several years rather than dropping the
 * years on either side or interpolating: under a random walk with drift the change over h years
 * has mean h·μ and variance h·σ², which the fit weights accordingly.
 */
export function growthObservations(levels: readonly Level[]): GrowthObservation[] {
  const known = levels.filter((l): l is { year: number; value: number } => l.value !== null && l.value > 0).sort((a, b) => a.year - b.year);
  const observations: GrowthObservation[] = [];
  for (let i = 1; i < known.length; i++) {
    const previous = known[i - 1]!;
    const current = known[i]!;
    observations.push({ from: previous.year, to: current.year, years: current.year - previous.year, logChange: log(current.value / previous.value) });
  }
  return observations;
}
