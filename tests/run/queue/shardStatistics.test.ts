import { describe, expect, it } from 'vitest';
import { PATHS_PER_CHUNK } from '../../../src/core/defaults.js';
import type { SimulationOutput } from '../../../src/core/simulationOutput.js';
import { conditionOnOutcomes } from '../../../src/run/outcomeWeights.js';
import type { PreparedRun } from '../../../src/run/preparedRun.js';
import {
  addCounts,
  bucketEdges,
  mergeTotals,
  percentilesFromShards,
  shardCounts,
  shardMultiplicities,
  shardTotals,
  shardValues,
  shardsOf,
  wantedBuckets,
} from '../../../src/run/queue/shardStatistics.js';
import { resampleUniform } from '../../../src/run/resampleUniform.js';
import { resultFromTally } from '../../../src/run/runTally.js';
import { serializeResult } from '../../../src/run/serializeResult.js';
import { summariseOutput } from '../../../src/run/summariseOutput.js';
import { preparedRun, resultOf, shipped, simulated } from '../../helpers.js';

/** Paths [start, end) of an output, as the machine holding that shard has them. */
function slice(output: SimulationOutput, start: number, end: number): SimulationOutput {
  const { paths, yearCount } = output;
  const part = (from: Float64Array | Uint8Array) => {
    const into = new (from.constructor as Float64ArrayConstructor | Uint8ArrayConstructor)((end - start) * yearCount);
    for (let y = 0; y < yearCount; y++) into.set(from.subarray(y * paths + start, y * paths + end), y * (end - start));
    return into;
  };
  return { paths: end - start, yearCount, series: output.series, values: output.values.map((v) => part(v) as Float64Array), regime: part(output.regime) as Uint8Array };
}

/** The three rounds over shards of `shardPaths`, as the queue runs them, to the result's bytes. */
function shardedResult(run: PreparedRun, output: SimulationOutput, shardPaths: number, resample?: Int32Array): string {
  const shards = shardsOf(run.paths, shardPaths).map((shard) => ({
    output: slice(output, shard.start, shard.end),
    ...(resample ? { multiplicities: shardMultiplicities(resample, shard.start, shard.end) } : {}),
  }));
  const merged = mergeTotals(
    run,
    output.series.length,
    shards.map((s) => shardTotals(run, s.output, s.multiplicities)),
  );
  const edges = bucketEdges(merged, run.paths);
  const total = shardCounts(shards[0]!.output, edges, shards[0]!.multiplicities);
  for (const s of shards.slice(1)) addCounts(total, shardCounts(s.output, edges, s.multiplicities));
  const wanted = wantedBuckets(total, edges, run.paths);
  const values = shards.map((s) => shardValues(s.output, edges, wanted, s.multiplicities));
  percentilesFromShards(merged, edges, total, wanted, values, run.paths);
  const conditioning = resample ? conditionOnOutcomes(run.outcomes, output, resampleUniform(run.seed)) : undefined;
  const outcome = resultFromTally(run, output.series, merged.statistics, merged.tally, conditioning?.ok ? conditioning.conditioning : undefined);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
  return serializeResult(outcome.result);
}

describe('a summary merged from shards', () => {
  it('gives the bytes of one process for any shard size, the last shard short', async () => {
    const run = preparedRun(shipped('escalation'), { paths: 3 * PATHS_PER_CHUNK + 1234, seed: 17 });
    const output = await simulated(run);
    const local = summariseOutput(run, output);
    expect(local.ok).toBe(true);
    if (!local.ok) return;
    const expected = serializeResult(local.result);
    for (const shardPaths of [PATHS_PER_CHUNK, 2 * PATHS_PER_CHUNK, 4 * PATHS_PER_CHUNK]) {
      expect(shardedResult(run, output, shardPaths), `shards of ${shardPaths} paths`).toBe(expected);
    }
  });

  it('gives the bytes of one process for a run conditioned on observed outcomes (paths counted as resampled)', async () => {
    const free = await resultOf(shipped('baseline'), { paths: 12_000, seed: 4 });
    const first = free.years[0]!;
    const resolved = shipped('baseline', { observe: [{ name: 'turnover', year: first, value: free.series.turnover!.p75[0]! }] });
    const run = preparedRun(resolved, { paths: 12_000, seed: 4 });
    const output = await simulated(run);
    const local = summariseOutput(run, output);
    expect(local.ok).toBe(true);
    if (!local.ok) return;
    const conditioned = conditionOnOutcomes(run.outcomes, output, resampleUniform(run.seed));
    if (!conditioned.ok) throw new Error('unreachable observation');
    const { resample } = conditioned.conditioning;
    // the resampling repeats some paths and drops others, so shards count their paths unevenly
    expect(new Set(resample).size).toBeLessThan(run.paths);
    for (const shardPaths of [PATHS_PER_CHUNK, 2 * PATHS_PER_CHUNK]) {
      expect(shardedResult(run, output, shardPaths, resample), `shards of ${shardPaths} paths`).toBe(serializeResult(local.result));
    }
  });

  it('refuses shards that split a chunk', () => {
    expect(() => shardsOf(10_000, PATHS_PER_CHUNK + 1)).toThrow(/whole chunks/);
  });
});
