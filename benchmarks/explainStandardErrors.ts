import { join } from 'node:path';
import { changedInputs } from '../src/analysis/changedInputs.js';
import { coalitionScenario } from '../src/analysis/coalitionScenario.js';
import { MAX_EXPLAIN_INPUTS } from '../src/analysis/defaults.js';
import { meanAndVariance } from '../src/analysis/meanAndVariance.js';
import { prepareRun } from '../src/run/preparedRun.js';
import { createRunner } from '../src/run/runner.js';
import { shapleyValuesInto } from '../src/analysis/shapleyValues.js';
import { PERCENTILES } from '../src/core/defaults.js';
import { percentiles } from '../src/core/percentiles.js';
import { resolveScenarioFile, type ResolvedScenario } from '../src/scenario/loadScenario.js';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';

/**
 * How well batch means estimate the standard error of the parts of a median (compare
 * --explain): baseline against baseline with oilLongRun=50 and westernWedge=0.5, the median of
 * turnover in 2030, over many seeds. For each path count and number of blocks it prints the
 * spread of the parts across seeds divided by the mean standard error the blocks report
 * (1 when the reported s.e. is right; each ratio carries about ±1/√(2(seeds − 1)) of noise).
 * Run: npx tsx benchmarks/explainStandardErrors.ts [seeds]   (≈ 10 minutes at 120 seeds on 2 cores)
 */

const SEEDS = Number(process.argv[2] ?? 120);
const SETTINGS: readonly { paths: number; blocks: readonly number[] }[] = [
  { paths: 1_000, blocks: [5, 10, 20] },
  { paths: 2_000, blocks: [5, 10, 20] },
  { paths: 4_000, blocks: [5, 10, 20] },
  { paths: 10_000, blocks: [10, 20] },
];

function load(id: string, overrides: Record<string, unknown> = {}): ResolvedScenario {
  const loaded = resolveScenarioFile(join(shippedScenariosDir(), `${id}.yaml`), { overrides });
  if (!loaded.ok) throw new Error(loaded.issues[0]!.message);
  return loaded.resolved;
}

function medianOf(values: Float64Array): number {
  const into = new Float64Array(PERCENTILES.length);
  percentiles(values, PERCENTILES, into);
  return into[PERCENTILES.indexOf(0.5)]!;
}

const a = load('baseline');
const b = load('baseline', { oilLongRun: 50, westernWedge: 0.5 });
const found = changedInputs(a, b, MAX_EXPLAIN_INPUTS);
if (!found.ok) throw new Error(found.issues[0]!.message);
const inputs = found.inputs;
const inputCount = inputs.length;
const runner = createRunner({ threads: 2 });

for (const { paths, blocks } of SETTINGS) {
  const estimates = inputs.map(() => [] as number[]);
  const reported = new Map(blocks.map((count) => [count, inputs.map(() => [] as number[])]));
  for (let seed = 1; seed <= SEEDS; seed++) {
    // turnover in 2030 on every path of every mixture
    const turnover: Float64Array[] = [];
    for (let mask = 0; mask < 1 << inputCount; mask++) {
      const mixture = coalitionScenario(a, b, inputs, mask);
      if (!mixture.ok) throw new Error(mixture.issues[0]!.message);
      const prepared = prepareRun(mixture.resolved, { paths, seed: 700 + seed, horizon: 2030 });
      if (!prepared.ok) throw new Error(prepared.issues[0]!.message);
      const last = prepared.run.plan.years.length - 1;
      const simulated = await runner.simulate(prepared.run);
      if (!simulated.ok) throw new Error('cancelled');
      turnover.push(simulated.output.values[0]!.slice(last * paths, (last + 1) * paths));
    }
    const parts = new Float64Array(inputCount);
    shapleyValuesInto(inputCount, turnover.map(medianOf), parts);
    parts.forEach((part, i) => estimates[i]!.push(part));
    for (const count of blocks) {
      const byInput = inputs.map(() => new Float64Array(count));
      const blockMedians = new Float64Array(turnover.length);
      for (let block = 0; block < count; block++) {
        const from = Math.floor((block * paths) / count);
        const to = Math.floor(((block + 1) * paths) / count);
        turnover.forEach((column, mask) => (blockMedians[mask] = medianOf(column.subarray(from, to))));
        shapleyValuesInto(inputCount, blockMedians, parts);
        parts.forEach((part, i) => (byInput[i]![block] = part));
      }
      byInput.forEach((column, i) => reported.get(count)![i]!.push(Math.sqrt(meanAndVariance(column).variance / (count - 1))));
    }
  }
  inputs.forEach((input, i) => {
    const spread = Math.sqrt((meanAndVariance(estimates[i]!).variance * SEEDS) / (SEEDS - 1));
    const ratios = blocks.map((count) => `${count} blocks of ${paths / count}: ${(spread / meanAndVariance(reported.get(count)![i]!).mean).toFixed(2)}`);
    console.log(`${paths} paths, ${input.input}: spread ${spread.toFixed(3)} over ${SEEDS} seeds; spread / reported s.e. with ${ratios.join(', ')}`);
  });
}
await runner.close();
