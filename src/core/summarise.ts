import { PERCENTILES } from './defaults.js';
import type { ModelFailure } from './modelFailure.js';
import { percentilesInPlace } from './percentilesInPlace.js';
import type { SimulationOutput } from './simulationOutput.js';

/** Mean and percentiles of one series, one value per projected year. */
export interface SeriesSummary {
  readonly unit: string;
  readonly mean: readonly number[];
  readonly p5: readonly number[];
  readonly p25: readonly number[];
  readonly p50: readonly number[];
  readonly p75: readonly number[];
  readonly p95: readonly number[];
}

export type SummaryResult =
  | { readonly ok: true; readonly series: Readonly<Record<string, SeriesSummary>> }
  | { readonly ok: false; readonly failure: ModelFailure };

/**
 * Summarises every series of `output`, year by year: the mean (summed in path order, so the
 * result does not depend on how paths were split between threads) and the PERCENTILES by
 * selection. Copies each year's block into a scratch array, so `output` is left as it was.
 * Any NaN or Infinity is reported as a failure, never summarised.
 */
export function summarise(output: SimulationOutput, years: readonly number[]): SummaryResult {
  const { paths, yearCount } = output;
  const scratch = new Float64Array(paths);
  const quantiles = new Float64Array(PERCENTILES.length);
  const series: Record<string, SeriesSummary> = {};
  for (let s = 0; s < output.series.length; s++) {
    const info = output.series[s]!;
    const values = output.values[s]!;
    const mean: number[] = [];
    const bands: number[][] = PERCENTILES.map(() => []);
    for (let y = 0; y < yearCount; y++) {
      const block = values.subarray(y * paths, (y + 1) * paths);
      let sum = 0;
      let nonFinite = 0;
      for (let p = 0; p < paths; p++) {
        const v = block[p]!;
        if (v - v !== 0) nonFinite++; // NaN and ±Infinity only
        sum += v;
      }
      if (nonFinite > 0) {
        return { ok: false, failure: { kind: 'non-finite-output', series: info.name, year: years[y]!, paths: nonFinite } };
      }
      mean.push(sum / paths);
      scratch.set(block);
      percentilesInPlace(scratch, PERCENTILES, quantiles);
      for (let q = 0; q < PERCENTILES.length; q++) bands[q]!.push(quantiles[q]!);
    }
    series[info.name] = {
      unit: info.unit,
      mean,
      p5: bands[0]!,
      p25: bands[1]!,
      p50: bands[2]!,
      p75: bands[3]!,
      p95: bands[4]!,
    };
  }
  return { ok: true, series };
}
