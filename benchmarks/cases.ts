import { join } from 'node:path';
import { prepareRun, type PreparedRun } from '../src/run/preparedRun.js';
import { createRunner } from '../src/run/runner.js';
import type { KernelName } from '../src/core/simulationKernel.js';
import { createSimulationOutput } from '../src/core/simulationOutput.js';
import { kernelNamed } from '../src/run/kernelChoice.js';
import { BLOCK_STATISTICS, blockStatisticsOf } from '../src/core/summarise.js';
import { resolveScenarioFile } from '../src/scenario/loadScenario.js';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';
import { simulatePathsBeforeTuning } from './engineBeforeTuning.js';
import { simulateNaive, summariseNaive } from './naiveReference.js';

/**
 * The benchmark's cases (issue 6). Each times one thing on the baseline scenario with a fixed
 * seed, from a prepared run (scenario loaded and compiled before the clock starts):
 * - `naive simulate+summarise N`: the deliberately naive reference (naiveReference.ts);
 * - `simulate N ×T`: the engine's paths, every year kept (the runner's `simulate`: the calling
 *   thread for T = 1, its worker threads for T ≥ 2);
 * - `simulate+summarise N ×T`: the engine's full pipeline to the result contract (the runner's
 *   `run`: workers for T ≥ 2, the calling thread for T = 1);
 * - `summarise N`: the summary step alone on an output simulated beforehand, one thread;
 * Every engine case runs with each kernel, the TypeScript reference (`ts`) and the WebAssembly
 * one (`wasm`), named by it and listed side by side, so a run times them alternately:
 * - `simulate N ×1 (before tuning)`: the engine as it was before its bit-identical speed-ups
 *   (engineBeforeTuning.ts), to report their gain as a ratio within one run. (A loop of normal
 *   quantiles alone does not show the gain of the small central branch: called from a small
 *   function, the one-function AS 241 inlines too; the gain is in the engine's large loop.)
 */
export interface BenchCase {
  readonly name: string;
  readonly paths: number;
  readonly threads: number;
  readonly kind: 'naive' | 'simulate' | 'simulate+summarise' | 'summarise' | 'simulate-before-tuning';
  /** the kernel that runs the engine's loop and summary (the naive reference and the engine before tuning are TypeScript) */
  readonly kernel: KernelName;
}

const KERNELS: readonly KernelName[] = ['ts', 'wasm'];

/** Fixed seed of every case. */
export const BENCH_SEED = 2030;

const SIZES = [10_000, 100_000, 1_000_000];
const SMOKE_SIZES = [2_000, 20_000];

export function benchCases(smoke: boolean): BenchCase[] {
  const sizes = smoke ? SMOKE_SIZES : SIZES;
  const label = (paths: number) => (paths >= 1_000_000 ? `${paths / 1_000_000}M` : `${paths / 1_000}k`);
  const cases: BenchCase[] = [];
  const withEachKernel = (name: string, paths: number, threads: number, kind: BenchCase['kind']) => {
    for (const kernel of KERNELS) cases.push({ name: `${name} ${kernel}`, paths, threads, kind, kernel });
  };
  for (const paths of smoke ? [SMOKE_SIZES[0]!] : [10_000, 100_000]) cases.push({ name: `naive simulate+summarise ${label(paths)}`, paths, threads: 1, kind: 'naive', kernel: 'ts' });
  for (const paths of sizes) {
    for (const threads of [1, 2]) {
      withEachKernel(`simulate ${label(paths)} ×${threads}`, paths, threads, 'simulate');
      withEachKernel(`simulate+summarise ${label(paths)} ×${threads}`, paths, threads, 'simulate+summarise');
    }
  }
  for (const paths of smoke ? [SMOKE_SIZES[1]!] : [100_000, 1_000_000]) withEachKernel(`summarise ${label(paths)}`, paths, 1, 'summarise');
  const tuned = smoke ? SMOKE_SIZES[1]! : 100_000;
  cases.push({ name: `simulate ${label(tuned)} ×1 ts (before tuning)`, paths: tuned, threads: 1, kind: 'simulate-before-tuning', kernel: 'ts' });
  return cases;
}

/** Prepares a case and returns the work to time; each call returns a number that depends on all of it. */
export async function prepareCase(benchCase: BenchCase): Promise<{ once: () => Promise<number>; years: number; close: () => Promise<void> }> {
  const run = preparedBaseline(benchCase.paths);
  const years = run.plan.years.length;
  const noClose = async () => {};
  switch (benchCase.kind) {
    case 'naive':
      return {
        years,
        close: noClose,
        once: async () => {
          const summary = summariseNaive(run.plan, simulateNaive(run.plan, run.paths, run.seed));
          return Object.values(summary).reduce((sum, series) => sum + series.mean[years - 1]! + series.percentiles[years - 1]![2]!, 0);
        },
      };
    case 'simulate': {
      const runner = createRunner({ threads: benchCase.threads, kernel: benchCase.kernel });
      return {
        years,
        close: () => runner.close(),
        once: async () => {
          const outcome = await runner.simulate(run, { onWorkers: benchCase.threads > 1 });
          if (!outcome.ok) throw new Error('cancelled');
          return outcome.output.values.reduce((sum, values) => sum + values[values.length - 1]!, 0);
        },
      };
    }
    case 'simulate+summarise': {
      const runner = createRunner({ threads: benchCase.threads, kernel: benchCase.kernel });
      return {
        years,
        close: () => runner.close(),
        once: async () => {
          const outcome = await runner.run(run, { onWorkers: benchCase.threads > 1 });
          if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
          return Object.values(outcome.result.series).reduce((sum, series) => sum + series.mean[years - 1]! + series.p50[years - 1]!, 0);
        },
      };
    }
    case 'simulate-before-tuning':
      return {
        years,
        close: noClose,
        once: async () => {
          const output = createSimulationOutput(run.plan, run.paths);
          simulatePathsBeforeTuning(run.plan, output, { seed: run.seed, start: 0, end: run.paths });
          return output.values.reduce((sum, values) => sum + values[values.length - 1]!, 0);
        },
      };
    case 'summarise': {
      const kernel = kernelNamed(benchCase.kernel);
      const output = createSimulationOutput(run.plan, run.paths);
      kernel.simulatePathsInto(run.plan, output, { seed: run.seed, start: 0, end: run.paths });
      return {
        years,
        close: noClose,
        once: async () => {
          const statistics = blockStatisticsOf(output, undefined, kernel.summariseBlockInto);
          return statistics.values[statistics.values.length - BLOCK_STATISTICS]!;
        },
      };
    }
  }
}

function preparedBaseline(paths: number): PreparedRun {
  const loaded = resolveScenarioFile(join(shippedScenariosDir(), 'baseline.yaml'));
  if (!loaded.ok) throw new Error('the baseline scenario does not load');
  const prepared = prepareRun(loaded.resolved, { paths, seed: BENCH_SEED });
  if (!prepared.ok) throw new Error('the baseline scenario does not compile');
  return prepared.run;
}
