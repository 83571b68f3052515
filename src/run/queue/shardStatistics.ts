import { PATHS_PER_CHUNK, PERCENTILE_BUCKETS, PERCENTILES } from '../../core/defaults.js';
import { selectInPlace } from '../../core/selectInPlace.js';
import type { SimulationOutput } from '../../core/simulationOutput.js';
import { BLOCK_STATISTICS, chunkSum, createBlockStatistics, type BlockStatistics } from '../../core/summarise.js';
import type { PreparedRun } from '../preparedRun.js';
import { createRunTally, tallyPassInto, type RunTally } from '../runTally.js';

/**
 * A run's summary from shards of its paths held on different machines, to the bit the summary
 * one process computes (runTasks.ts, core/summarise.ts). Shards are whole chunks of
 * PATHS_PER_CHUNK paths. Three rounds, each cheap next to simulating:
 *
 * 1. totals — each shard's chunk sums of every block (series × year), its least and greatest
 *    values, its non-finite values, regime counts and target hits. Merged in shard order, the
 *    chunk sums give the very sums summariseBlockInto forms (chunk by chunk, in chunk order);
 *    counts are whole numbers, exact in any order.
 * 2. counts — with the merged least and greatest value of each block, the engine's own buckets
 *    (PERCENTILE_BUCKETS of equal width over [min, max]); each shard counts its values in them,
 *    and the summed counts say which buckets hold the order statistics the percentiles need.
 * 3. values — each shard sends only its values in those buckets; the coordinator selects the
 *    wanted ranks among them. An order statistic is one number whichever way it is found, and
 *    the interpolation between two is the engine's expression, so the percentiles are exact.
 *
 * A run conditioned on observed outcomes summarises its paths as resampled (path i as often as
 * the sorted resample names it): every count, sum and value below counts a path that often.
 */

export interface Shard {
  readonly index: number;
  /** paths [start, end) of the run */
  readonly start: number;
  readonly end: number;
}

/** A run's paths in shards of `shardPaths` (a multiple of PATHS_PER_CHUNK), the last one shorter. */
export function shardsOf(paths: number, shardPaths: number): Shard[] {
  if (!(shardPaths > 0 && shardPaths % PATHS_PER_CHUNK === 0)) throw new RangeError(`shards hold whole chunks of ${PATHS_PER_CHUNK} paths, got ${shardPaths}`);
  const shards: Shard[] = [];
  for (let start = 0; start < paths; start += shardPaths) shards.push({ index: shards.length, start, end: Math.min(paths, start + shardPaths) });
  return shards;
}

/** How often each path of [start, end) appears in a sorted resample (0: not at all). */
export function shardMultiplicities(resample: Int32Array, start: number, end: number): Int32Array {
  const multiplicities = new Int32Array(end - start);
  let p = lowerBound(resample, start);
  for (; p < resample.length && resample[p]! < end; p++) multiplicities[resample[p]! - start]!++;
  return multiplicities;
}

function lowerBound(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Round 1: what a shard adds to every block's sum, range and failures, and to the tally. */
export interface ShardTotals {
  /** the sum of each chunk of each block, in the engine's order: block b, chunk c at b·chunks + c */
  readonly chunkSums: Float64Array;
  /** values counted in each chunk (0: a chunk none of whose paths was resampled, skipped as the engine skips it) */
  readonly chunkCounts: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** NaN or ±Infinity values in each block */
  readonly nonFinite: Int32Array;
  /** paths in regime r in year y, at r·years + y */
  readonly regimeCounts: Float64Array;
  /** paths meeting each target (NaN: its year is not projected) */
  readonly targetHits: Float64Array;
  /**
   * with antithetic sampling, how each target's hits fall in the shard's pairs of paths: at 2i
   * Σ (hits in a pair)², at 2i + 1 the unpaired last path's hit (NaN: no pairs counted). Shards
   * begin at even paths, so their pairs are the run's.
   */
  readonly targetPairs: Float64Array;
}

/** What the rounds read of a shard's paths (a SimulationOutput, or its arrays in another thread). */
export interface ShardPaths {
  readonly paths: number;
  readonly yearCount: number;
  readonly values: readonly Float64Array[];
}

/** Blocks of an output: series s, year y at s·years + y (as BlockStatistics). */
export function blocksOf(output: ShardPaths): number {
  return output.values.length * output.yearCount;
}

function blockOf(output: ShardPaths, b: number): Float64Array {
  const { paths, yearCount } = output;
  const s = Math.floor(b / yearCount);
  const y = b - s * yearCount;
  return output.values[s]!.subarray(y * paths, (y + 1) * paths);
}

/** Round 1's part that reads every value: the chunk sums, range and failures of blocks [from, to). */
export interface BlockTotals {
  readonly chunkSums: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly nonFinite: Int32Array;
}

export function blockTotals(output: ShardPaths, multiplicities: Int32Array | undefined, from = 0, to = blocksOf(output)): BlockTotals {
  const { paths } = output;
  const chunks = Math.ceil(paths / PATHS_PER_CHUNK);
  const chunkSums = new Float64Array((to - from) * chunks);
  const min = new Float64Array(to - from).fill(Infinity);
  const max = new Float64Array(to - from).fill(-Infinity);
  const nonFinite = new Int32Array(to - from);
  for (let b = from; b < to; b++) {
    const block = blockOf(output, b);
    let low = Infinity;
    let high = -Infinity;
    let bad = 0;
    for (let c = 0; c < chunks; c++) {
      const end = Math.min(paths, (c + 1) * PATHS_PER_CHUNK);
      // each value added as often as it is counted, in path order: the engine's gathered block
      let sum = 0;
      for (let i = c * PATHS_PER_CHUNK; i < end; i++) {
        const v = block[i]!;
        const times = multiplicities ? multiplicities[i]! : 1;
        if (times === 0) continue;
        for (let t = 0; t < times; t++) sum += v;
        low = v < low ? v : low;
        high = v > high ? v : high;
        if (v - v !== 0) bad += times;
      }
      chunkSums[(b - from) * chunks + c] = sum;
    }
    min[b - from] = low;
    max[b - from] = high;
    nonFinite[b - from] = bad;
  }
  return { chunkSums, min, max, nonFinite };
}

/**
 * Round 1 on one shard: `output` holds its paths (every projected year), `multiplicities` how
 * often each is counted (absent: once). `run` is the run as prepared (its targets and years).
 * `blocks`: blockTotals of every block, when computed elsewhere (the worker's threads).
 */
export function shardTotals(run: PreparedRun, output: SimulationOutput, multiplicities?: Int32Array, blocks: BlockTotals = blockTotals(output, multiplicities)): ShardTotals {
  const { paths } = output;
  const chunks = Math.ceil(paths / PATHS_PER_CHUNK);
  const chunkCounts = new Int32Array(chunks);
  for (let c = 0; c < chunks; c++) {
    const end = Math.min(paths, (c + 1) * PATHS_PER_CHUNK);
    if (!multiplicities) chunkCounts[c] = end - c * PATHS_PER_CHUNK;
    else for (let i = c * PATHS_PER_CHUNK; i < end; i++) chunkCounts[c]! += multiplicities[i]!;
  }
  const tally = createRunTally(run);
  tallyPassInto(run, output, 0, tally, multiplicities ? countedPaths(multiplicities) : undefined);
  return {
    ...blocks,
    chunkCounts,
    regimeCounts: tally.regimeCounts,
    targetHits: Float64Array.from(tally.targetHits, (hits) => hits ?? NaN),
    targetPairs: Float64Array.from(tally.targetPairs.flatMap((pairs) => (pairs ? [pairs.squares, pairs.unpaired] : [NaN, NaN]))),
  };
}

/** Path i of a shard listed multiplicities[i] times, in order. */
function countedPaths(multiplicities: Int32Array): Int32Array {
  let total = 0;
  for (const m of multiplicities) total += m;
  const paths = new Int32Array(total);
  let at = 0;
  multiplicities.forEach((m, i) => paths.fill(i, at, (at += m)));
  return paths;
}

/** The shards' totals merged: every block's statistics but its percentiles, and the tally. */
export interface MergedTotals {
  readonly statistics: BlockStatistics;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly tally: RunTally;
}

/**
 * Round 1 merged: `totals` in shard order. The means and non-finite counts are written as
 * summariseBlockInto writes them; percentiles wait for rounds 2 and 3.
 */
export function mergeTotals(run: PreparedRun, seriesCount: number, totals: readonly ShardTotals[]): MergedTotals {
  const years = run.plan.years.length;
  const blocks = seriesCount * years;
  const statistics = createBlockStatistics(seriesCount, years);
  const min = new Float64Array(blocks).fill(Infinity);
  const max = new Float64Array(blocks).fill(-Infinity);
  for (let b = 0; b < blocks; b++) {
    let sum = 0;
    let nonFinite = 0;
    for (const shard of totals) {
      const chunks = shard.chunkCounts.length;
      for (let c = 0; c < chunks; c++) if (shard.chunkCounts[c]! > 0) sum = chunkSum(sum, shard.chunkSums[b * chunks + c]!);
      min[b] = shard.min[b]! < min[b]! ? shard.min[b]! : min[b]!;
      max[b] = shard.max[b]! > max[b]! ? shard.max[b]! : max[b]!;
      nonFinite += shard.nonFinite[b]!;
    }
    // as summariseBlockInto: a non-finite sum means non-finite values (or an overflow)
    if (sum - sum !== 0 && nonFinite > 0) statistics.nonFinite[b] = nonFinite;
    else statistics.values[b * BLOCK_STATISTICS] = sum / run.paths;
  }
  const tally = createRunTally(run);
  for (const shard of totals) {
    shard.regimeCounts.forEach((count, i) => (tally.regimeCounts[i] = tally.regimeCounts[i]! + count));
    shard.targetHits.forEach((hits, i) => {
      if (!Number.isNaN(hits)) tally.targetHits[i] = tally.targetHits[i]! + hits;
    });
    // whole numbers (squares of 0, 1, 2 summed), so their sums do not depend on the order
    tally.targetPairs.forEach((pairs, i) => {
      const squares = shard.targetPairs[2 * i]!;
      if (Number.isNaN(squares)) return;
      const unpaired = shard.targetPairs[2 * i + 1]!;
      tally.targetPairs[i] = { squares: (pairs?.squares ?? 0) + squares, unpaired: (pairs?.unpaired ?? 0) + unpaired };
    });
  }
  return { statistics, min, max, tally };
}

/**
 * Round 2's buckets for every block: PERCENTILE_BUCKETS of equal width over the block's
 * merged [min, max] (fewer for small runs), exactly as percentilesOfBlock draws them. A block
 * that failed, or whose values are all equal, has none (its percentiles are known already).
 */
export interface BucketEdges {
  readonly buckets: Int32Array;
  readonly min: Float64Array;
  readonly scale: Float64Array;
}

export function bucketEdges(merged: MergedTotals, paths: number): BucketEdges {
  const blocks = merged.min.length;
  const buckets = new Int32Array(blocks);
  const scale = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    if (merged.statistics.nonFinite[b]! > 0) continue;
    const range = merged.max[b]! - merged.min[b]!;
    if (range === 0) continue;
    let count = Math.max(1, Math.min(PERCENTILE_BUCKETS, paths >> 2));
    scale[b] = count / range;
    if (!(range > 0 && range < Infinity && scale[b]! < Infinity)) count = 1;
    buckets[b] = count;
  }
  return { buckets, min: merged.min, scale };
}

/** Where each block's counts start in the concatenated counts (and the total after the last). */
function countOffsets(edges: BucketEdges): Int32Array {
  const offsets = new Int32Array(edges.buckets.length + 1);
  for (let b = 0; b < edges.buckets.length; b++) offsets[b + 1] = offsets[b]! + edges.buckets[b]!;
  return offsets;
}

/** Block b's bucket of a value: percentilesOfBlock's expression. */
function bucketOf(v: number, min: number, scale: number, last: number): number {
  return last === 0 ? 0 : Math.min(last, Math.floor((v - min) * scale));
}

/** Round 2 on one shard: its values counted in the buckets of blocks [from, to), one block after another. */
export function shardCounts(output: ShardPaths, edges: BucketEdges, multiplicities?: Int32Array, from = 0, to = edges.buckets.length): Int32Array {
  const offsets = countOffsets(edges);
  const counts = new Int32Array(offsets[to]! - offsets[from]!);
  for (let b = from; b < to; b++) {
    const buckets = edges.buckets[b]!;
    if (buckets === 0) continue;
    const block = blockOf(output, b);
    const at = offsets[b]! - offsets[from]!;
    const min = edges.min[b]!;
    const scale = edges.scale[b]!;
    const last = buckets - 1;
    if (!multiplicities) for (let i = 0; i < block.length; i++) counts[at + bucketOf(block[i]!, min, scale, last)]!++;
    else for (let i = 0; i < block.length; i++) counts[at + bucketOf(block[i]!, min, scale, last)]! += multiplicities[i]!;
  }
  return counts;
}

/** Adds one shard's counts into the total. */
export function addCounts(total: Int32Array, shard: Int32Array): void {
  for (let i = 0; i < total.length; i++) total[i] = total[i]! + shard[i]!;
}

/** Round 3's question: for each block, the buckets holding the order statistics its percentiles need (ascending). */
export interface WantedBuckets {
  /** block b's buckets are buckets[starts[b] … starts[b + 1]) */
  readonly starts: Int32Array;
  readonly buckets: Int32Array;
}

/** The ranks (0-based) whose values the percentiles of `paths` values interpolate between. */
function wantedRanks(paths: number): number[] {
  return PERCENTILES.flatMap((q) => {
    const low = Math.floor((paths - 1) * q);
    return [low, Math.min(paths - 1, low + 1)];
  });
}

/** The bucket holding rank `rank`, from a block's counts. */
function bucketOfRank(counts: Int32Array, from: number, buckets: number, rank: number): { bucket: number; before: number } {
  let before = 0;
  for (let k = 0; k < buckets; k++) {
    const count = counts[from + k]!;
    if (rank < before + count) return { bucket: k, before };
    before += count;
  }
  throw new RangeError(`rank ${rank} is beyond the block's ${before} values`);
}

export function wantedBuckets(total: Int32Array, edges: BucketEdges, paths: number): WantedBuckets {
  const offsets = countOffsets(edges);
  const starts = new Int32Array(edges.buckets.length + 1);
  const wanted: number[] = [];
  for (let b = 0; b < edges.buckets.length; b++) {
    starts[b] = wanted.length;
    if (edges.buckets[b] === 0) continue;
    const chosen = new Set(wantedRanks(paths).map((rank) => bucketOfRank(total, offsets[b]!, edges.buckets[b]!, rank).bucket));
    wanted.push(...[...chosen].sort((x, y) => x - y));
  }
  starts[edges.buckets.length] = wanted.length;
  return { starts, buckets: Int32Array.from(wanted) };
}

/**
 * Round 3 on one shard: its values in the wanted buckets of blocks [from, to), each as often
 * as it is counted; `counts[k]` values for the k-th of those wanted buckets (WantedBuckets
 * order), then the next's.
 */
export function shardValues(
  output: ShardPaths,
  edges: BucketEdges,
  wanted: WantedBuckets,
  multiplicities?: Int32Array,
  from = 0,
  to = edges.buckets.length,
): { readonly counts: Int32Array; readonly values: Float64Array } {
  // wanted buckets [first, last) of the blocks asked, numbered from `base`
  const base = wanted.starts[from]!;
  const counts = new Int32Array(wanted.starts[to]! - base);
  const perBucket: number[][] = Array.from(counts, () => []);
  // slot of each bucket among the block's wanted ones (−1: not wanted), as percentilesOfBlock marks them
  const slots = new Int32Array(PERCENTILE_BUCKETS).fill(-1);
  for (let b = from; b < to; b++) {
    const first = wanted.starts[b]!;
    const last = wanted.starts[b + 1]!;
    if (first === last) continue;
    const block = blockOf(output, b);
    const min = edges.min[b]!;
    const scale = edges.scale[b]!;
    const lastBucket = edges.buckets[b]! - 1;
    for (let k = first; k < last; k++) slots[wanted.buckets[k]!] = k - base;
    for (let i = 0; i < block.length; i++) {
      const v = block[i]!;
      const k = slots[bucketOf(v, min, scale, lastBucket)]!;
      if (k < 0) continue;
      const times = multiplicities ? multiplicities[i]! : 1;
      for (let t = 0; t < times; t++) perBucket[k]!.push(v);
      counts[k]! += times;
    }
    for (let k = first; k < last; k++) slots[wanted.buckets[k]!] = -1;
  }
  const values = new Float64Array(counts.reduce((n, count) => n + count, 0));
  let at = 0;
  for (const bucket of perBucket) {
    values.set(bucket, at);
    at += bucket.length;
  }
  return { counts, values };
}

/**
 * The percentiles of every block into `merged.statistics`, from the total counts and every
 * shard's round-3 values; blocks without buckets take their one value.
 */
export function percentilesFromShards(
  merged: MergedTotals,
  edges: BucketEdges,
  total: Int32Array,
  wanted: WantedBuckets,
  shards: readonly { readonly counts: Int32Array; readonly values: Float64Array }[],
  paths: number,
): void {
  const { statistics } = merged;
  // the values of each wanted bucket, from every shard
  const gathered = Array.from(wanted.buckets, (_, k) => new Float64Array(shards.reduce((n, shard) => n + shard.counts[k]!, 0)));
  const filled = new Int32Array(wanted.buckets.length);
  for (const shard of shards) {
    let at = 0;
    for (let k = 0; k < wanted.buckets.length; k++) {
      const count = shard.counts[k]!;
      gathered[k]!.set(shard.values.subarray(at, at + count), filled[k]!);
      filled[k]! += count;
      at += count;
    }
  }
  const offsets = countOffsets(edges);
  for (let b = 0; b < edges.buckets.length; b++) {
    if (statistics.nonFinite[b]! > 0) continue;
    const into = b * BLOCK_STATISTICS + 1;
    // a block without buckets holds one value (its least and greatest): so is every order statistic
    const orderStatistic = (rank: number): number => {
      if (edges.buckets[b] === 0) return merged.min[b]!;
      const { bucket, before } = bucketOfRank(total, offsets[b]!, edges.buckets[b]!, rank);
      let k = wanted.starts[b]!;
      while (wanted.buckets[k] !== bucket) k++;
      const values = gathered[k]!;
      selectInPlace(values, rank - before, 0, values.length - 1);
      return values[rank - before]!;
    };
    // percentilesOfBlock's expression: x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
    PERCENTILES.forEach((q, i) => {
      const h = (paths - 1) * q;
      const low = Math.floor(h);
      let value = orderStatistic(low);
      if (h > low) {
        const next = orderStatistic(low + 1);
        value = value + (h - low) * (next - value);
      }
      statistics.values[into + i] = value;
    });
  }
}
