import { z } from 'zod';
import { PERCENTILES } from '../core/defaults.js';
import { percentiles } from '../core/percentiles.js';
import type { SimulationOutput } from '../core/simulationOutput.js';
import type { Sampling } from '../core/modelPlan.js';
import { meanAndVariance } from './meanAndVariance.js';
import { meanAndStandardError } from './standardErrorOfMean.js';
import { createOutputReader } from './outputSelector.js';
import { SeriesSummarySchema } from '../run/simulationResult.js';
import type { PreparedRun } from '../run/preparedRun.js';

/**
 * Paired differences B − A between two runs on the same random numbers (same seed, paths and
 * sampling): per path, then summarised; with antithetic sampling the standard errors are the
 * pairs' (standardErrorOfMean.ts). Pure, so the page's worker pairs a pinned projection with the
 * current one exactly as `tradecast compare` does.
 */

const perYear = z.array(z.number()).readonly();

/** Distribution over paths of B − A for one series, by projected year (mean and percentiles as in a run's summary). */
export const pairedDifferenceSchema = SeriesSummarySchema.extend({
  /** share of paths on which B > A (ties, e.g. identical paths, count as neither) */
  probabilityHigher: perYear,
  /** share of paths on which B < A */
  probabilityLower: perYear,
  /** Monte Carlo standard error of `mean`: sd(B − A)/√paths, with common random numbers (antithetic sampling: the pairs') */
  standardError: perYear,
  /** what that standard error would be with independent runs: √((var A + var B)/paths) (antithetic: √(s.e.(A)² + s.e.(B)²)) */
  standardErrorIndependent: perYear,
});

export const targetDifferenceSchema = z.object({
  id: z.string(),
  label: z.string(),
  year: z.number().int(),
  probabilityReference: z.number(),
  probability: z.number(),
  /** P_B − P_A on the same paths */
  difference: z.number(),
  standardError: z.number(),
  standardErrorIndependent: z.number(),
});
export type PairedDifference = z.infer<typeof pairedDifferenceSchema>;
export type TargetDifference = z.infer<typeof targetDifferenceSchema>;

/** B − A per path for every series both outputs carry (by name), year by year; `sampling` is both runs'. */
export function pairedSeries(a: SimulationOutput, b: SimulationOutput, sampling: Sampling = 'independent'): Record<string, PairedDifference> {
  const { paths, yearCount } = a;
  const difference = new Float64Array(paths);
  const quantiles = new Float64Array(PERCENTILES.length);
  const result: Record<string, PairedDifference> = {};
  a.series.forEach((info, s) => {
    const sb = b.series.findIndex((other) => other.name === info.name);
    if (sb < 0) return;
    const valuesA = a.values[s]!;
    const valuesB = b.values[sb]!;
    const columns = {
      mean: [] as number[],
      p5: [] as number[],
      p25: [] as number[],
      p50: [] as number[],
      p75: [] as number[],
      p95: [] as number[],
      probabilityHigher: [] as number[],
      probabilityLower: [] as number[],
      standardError: [] as number[],
      standardErrorIndependent: [] as number[],
    };
    for (let y = 0; y < yearCount; y++) {
      const offset = y * paths;
      let higher = 0;
      let lower = 0;
      for (let p = 0; p < paths; p++) {
        const d = valuesB[offset + p]! - valuesA[offset + p]!;
        difference[p] = d;
        if (d > 0) higher++;
        else if (d < 0) lower++;
      }
      const { mean, standardError } = meanAndStandardError(difference, sampling);
      percentiles(difference, PERCENTILES, quantiles);
      columns.mean.push(mean);
      [columns.p5, columns.p25, columns.p50, columns.p75, columns.p95].forEach((column, q) => column.push(quantiles[q]!));
      columns.probabilityHigher.push(higher / paths);
      columns.probabilityLower.push(lower / paths);
      columns.standardError.push(standardError);
      columns.standardErrorIndependent.push(independentStandardError(valuesA.subarray(offset, offset + paths), valuesB.subarray(offset, offset + paths), sampling));
    }
    const summary: PairedDifference = { unit: info.unit, ...columns };
    result[info.name] = summary;
  });
  return result;
}

/** What the standard error of mean(B) − mean(A) would be with independent runs of A and B. */
function independentStandardError(valuesA: ArrayLike<number>, valuesB: ArrayLike<number>, sampling: Sampling): number {
  if (sampling === 'independent') {
    const { variance: varianceA } = meanAndVariance(valuesA);
    const { variance: varianceB } = meanAndVariance(valuesB);
    return Math.sqrt((varianceA + varianceB) / valuesA.length);
  }
  const a = meanAndStandardError(valuesA, sampling).standardError;
  const b = meanAndStandardError(valuesB, sampling).standardError;
  return Math.sqrt(a * a + b * b);
}

/** Target probabilities of A and B on the same paths, for targets with the same id and year. */
export function pairedTargets(runA: PreparedRun, a: SimulationOutput, runB: PreparedRun, b: SimulationOutput): TargetDifference[] {
  const out: TargetDifference[] = [];
  for (const targetA of runA.targets) {
    const targetB = runB.targets.find((t) => t.id === targetA.id && t.year === targetA.year);
    if (!targetB) continue;
    const readerA = createOutputReader(runA.plan, runA.targets, { kind: 'target', id: targetA.id });
    const readerB = createOutputReader(runB.plan, runB.targets, { kind: 'target', id: targetB.id });
    if (!readerA.ok || !readerB.ok) continue; // year outside the projection
    const { paths } = a;
    const hitsA = new Float64Array(paths);
    const hitsB = new Float64Array(paths);
    const difference = new Float64Array(paths);
    for (let p = 0; p < paths; p++) {
      hitsA[p] = readerA.reader.read(a, p);
      hitsB[p] = readerB.reader.read(b, p);
      difference[p] = hitsB[p]! - hitsA[p]!;
    }
    const sampling = runA.plan.sampling;
    const paired = meanAndStandardError(difference, sampling);
    out.push({
      id: targetA.id,
      label: targetB.label,
      year: targetA.year,
      probabilityReference: meanAndVariance(hitsA).mean,
      probability: meanAndVariance(hitsB).mean,
      difference: paired.mean,
      standardError: paired.standardError,
      standardErrorIndependent: independentStandardError(hitsA, hitsB, sampling),
    });
  }
  return out;
}
