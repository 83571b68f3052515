import { PATHS_PER_CHUNK, PERCENTILES } from './defaults.js';
import type { ModelFailure } from './modelFailure.js';
import { createPercentileWorkspace, percentilesOfBlock, type PercentileWorkspace } from './percentilesOfBlock.js';
import type { SeriesInfo, SimulationOutput } from './simulationOutput.js';

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

export type SummaryResult = { readonly ok: true; readonly series: Readonly<Record<string, SeriesSummary>> } | { readonly ok: false; readonly failure: ModelFailure };

/** Numbers kept per block (one series in one year): the mean, then the PERCENTILES. */
export const BLOCK_STATISTICS = 1 + PERCENTILES.length;

/**
 * Statistics of every block of a run, filled in any order (by year as a run streams, or by
 * worker threads): block (s, y) at `values[(s·years + y)·BLOCK_STATISTICS …]`, and how many
 * of its values were NaN or ±Infinity at `nonFinite[s·years + y]`.
 */
export interface BlockStatistics {
  readonly seriesCount: number;
  readonly yearCount: number;
  readonly values: Float64Array;
  readonly nonFinite: Int32Array;
}

/** Allocates the statistics of every block; `allocate` chooses the memory (as for outputs). */
export function createBlockStatistics(seriesCount: number, yearCount: number, allocate: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes)): BlockStatistics {
  const blocks = seriesCount * yearCount;
  return {
    seriesCount,
    yearCount,
    values: new Float64Array(allocate(blocks * BLOCK_STATISTICS * Float64Array.BYTES_PER_ELEMENT)),
    nonFinite: new Int32Array(allocate(blocks * Int32Array.BYTES_PER_ELEMENT)),
  };
}

/**
 * Mean and PERCENTILES of one block of values, written at `into[offset …]`. The sum behind the
 * mean goes chunk by chunk: each chunk's values summed in order, then the chunks' sums in chunk
 * order (`chunkSum`), so a run split between threads, processes or machines along chunk
 * boundaries sums the same way and gives the same bits. Chunks are PATHS_PER_CHUNK values, or
 * begin where `chunkStarts` says (ascending, the first 0). Returns how many values are NaN or
 * ±Infinity; then nothing is written. Leaves `block` as it was.
 */
export function summariseBlockInto(block: Float64Array, workspace: PercentileWorkspace, into: Float64Array, offset: number, chunkStarts?: Int32Array): number {
  const n = block.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const chunks = chunkStarts ? chunkStarts.length : Math.ceil(n / PATHS_PER_CHUNK);
  for (let c = 0; c < chunks; c++) {
    const start = chunkStarts ? chunkStarts[c]! : c * PATHS_PER_CHUNK;
    const end = chunkStarts ? (c + 1 < chunks ? chunkStarts[c + 1]! : n) : Math.min(n, start + PATHS_PER_CHUNK);
    let chunk = 0;
    for (let p = start; p < end; p++) {
      const v = block[p]!;
      chunk += v;
      min = v < min ? v : min;
      max = v > max ? v : max;
    }
    sum = chunkSum(sum, chunk);
  }
  // a NaN or ±Infinity anywhere makes the sum non-finite (so does an overflow: count to tell)
  if (sum - sum !== 0) {
    let nonFinite = 0;
    for (let p = 0; p < n; p++) if (!Number.isFinite(block[p]!)) nonFinite++;
    if (nonFinite > 0) return nonFinite;
  }
  into[offset] = sum / n;
  percentilesOfBlock(block, min, max, PERCENTILES, into.subarray(offset + 1, offset + BLOCK_STATISTICS), workspace);
  return 0;
}

/**
 * The running sum of a block after its next chunk: `sum + chunk`. Anyone merging chunk sums
 * computed elsewhere (another process, another machine) adds them with this, from 0, in chunk
 * order, and gets the bits summariseBlockInto gets.
 */
export function chunkSum(sum: number, chunk: number): number {
  return sum + chunk;
}

/**
 * Summarises block (series s, year y) of `output` into `statistics` (chunks as
 * summariseBlockInto), with `summariseBlock`: this module's, or a kernel's giving the same bits.
 */
export function summariseBlockOf(
  output: SimulationOutput,
  s: number,
  y: number,
  statistics: BlockStatistics,
  workspace: PercentileWorkspace,
  year = y,
  chunkStarts?: Int32Array,
  summariseBlock: typeof summariseBlockInto = summariseBlockInto,
): void {
  const { paths } = output;
  const block = output.values[s]!.subarray(y * paths, (y + 1) * paths);
  const at = s * statistics.yearCount + year;
  statistics.nonFinite[at] = summariseBlock(block, workspace, statistics.values, at * BLOCK_STATISTICS, chunkStarts);
}

/**
 * The summary of every series from its blocks' statistics. A NaN or Infinity anywhere is
 * reported as a failure (the first in series order, then year order), never summarised.
 */
export function summaryFromBlocks(series: readonly SeriesInfo[], years: readonly number[], statistics: BlockStatistics): SummaryResult {
  const { yearCount, values, nonFinite } = statistics;
  const result: Record<string, SeriesSummary> = {};
  for (let s = 0; s < series.length; s++) {
    const info = series[s]!;
    const column = (statistic: number) => Array.from({ length: yearCount }, (_, y) => values[(s * yearCount + y) * BLOCK_STATISTICS + statistic]!);
    for (let y = 0; y < yearCount; y++) {
      const paths = nonFinite[s * yearCount + y]!;
      if (paths > 0) return { ok: false, failure: { kind: 'non-finite-output', series: info.name, year: years[y]!, paths } };
    }
    result[info.name] = { unit: info.unit, mean: column(0), p5: column(1), p25: column(2), p50: column(3), p75: column(4), p95: column(5) };
  }
  return { ok: true, series: result };
}

/**
 * Statistics of every block of `output` (all of its years), on the calling thread (chunks as
 * summariseBlockInto), with `summariseBlock`: this module's, or a kernel's giving the same bits.
 */
export function blockStatisticsOf(output: SimulationOutput, chunkStarts?: Int32Array, summariseBlock: typeof summariseBlockInto = summariseBlockInto): BlockStatistics {
  const statistics = createBlockStatistics(output.series.length, output.yearCount);
  const workspace = createPercentileWorkspace(output.paths);
  for (let s = 0; s < output.series.length; s++) {
    for (let y = 0; y < output.yearCount; y++) summariseBlockOf(output, s, y, statistics, workspace, y, chunkStarts, summariseBlock);
  }
  return statistics;
}

/**
 * Summarises every series of `output`, year by year: the mean and the PERCENTILES by
 * selection. Leaves `output` as it was. Any NaN or Infinity is reported as a failure.
 */
export function summarise(output: SimulationOutput, years: readonly number[]): SummaryResult {
  return summaryFromBlocks(output.series, years, blockStatisticsOf(output));
}
