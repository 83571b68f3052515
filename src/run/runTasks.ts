import { PATHS_PER_CHUNK, STREAM_MIN_PATHS } from '../core/defaults.js';
import type { ModelPlan } from '../core/modelPlan.js';
import { createPathStates, type PathStates } from '../core/pathStates.js';
import { createPercentileWorkspace, type PercentileWorkspace } from '../core/percentilesOfBlock.js';
import type { SimulationKernel } from '../core/simulationKernel.js';
import { createSimulationOutput, type SimulationOutput } from '../core/simulationOutput.js';
import { BLOCK_STATISTICS, createBlockStatistics, summariseBlockOf, type BlockStatistics } from '../core/summarise.js';
import type { PreparedRun, RunProgress } from './preparedRun.js';
import { pathsPerChunk } from './runCost.js';
import { tallyPassInto, type RunTally } from './runTally.js';

/**
 * A run as batches of independent tasks, so the same steps run on the calling thread or on
 * worker threads and give the same bytes: simulate chunks of paths, then summarise each
 * (series, year) block, then count regimes and target hits on the calling thread.
 *
 * Small runs keep every year of every path and summarise at the end. Runs of STREAM_MIN_PATHS
 * or more go one year at a time (summarise per year): each path's state waits in a row of
 * numbers between years, and only one year of output exists at once — about 0.6 KB a path of
 * state plus 0.2 KB a path of output, instead of 1.2 KB a path of output for six years. Both
 * ways compute the same numbers in the same order, in Float64 throughout, so the bytes do not
 * depend on the choice.
 */

/**
 * Inputs of a simulation that does not draw its own parameters or use the path index as its
 * random key (sensitivity designs): the engine's `parameterUniforms` and `pathKeys`.
 */
export interface SimulationDesign {
  readonly parameterUniforms?: Float64Array;
  readonly pathKeys?: Uint32Array;
  /**
   * Paths conditioned on observed outcomes: summary p reads path resample[p] (see
   * outcomeWeights.ts); the simulation itself is unchanged.
   */
  readonly resample?: Int32Array;
}

/** Where a run's numbers live; SharedArrayBuffers when worker threads write them. */
export interface RunBuffers extends SimulationDesign {
  /** every projected year, or one year at a time when `state` is present */
  readonly output: SimulationOutput;
  readonly state?: PathStates;
  readonly statistics: BlockStatistics;
  readonly yearsPerPass: number;
}

export type Allocate = (bytes: number) => ArrayBufferLike;

/** Ordinary memory, for buffers only the calling thread writes. */
export const allocateLocal: Allocate = (bytes) => new ArrayBuffer(bytes);

/**
 * Allocates a run's buffers; `streaming` defaults to the STREAM_MIN_PATHS rule. A design's
 * arrays are copied into memory from `allocate`.
 */
export function createRunBuffers(run: PreparedRun, allocate: Allocate = allocateLocal, streaming = run.paths >= STREAM_MIN_PATHS, design: SimulationDesign = {}): RunBuffers {
  const { plan, paths } = run;
  const years = plan.years.length;
  const yearsPerPass = streaming ? 1 : years;
  const output = createSimulationOutput({ sectorNames: plan.sectorNames, years: plan.years.slice(0, yearsPerPass) }, paths, allocate);
  const statistics = createBlockStatistics(output.series.length, years, allocate);
  const copy = <A extends Float64Array | Uint32Array | Int32Array>(source: A, make: (buffer: ArrayBufferLike) => A): A => {
    const target = make(allocate(source.byteLength));
    target.set(source);
    return target;
  };
  return {
    output,
    ...(streaming ? { state: createPathStates(plan, paths, allocate) } : {}),
    statistics,
    yearsPerPass,
    ...(design.parameterUniforms ? { parameterUniforms: copy(design.parameterUniforms, (b) => new Float64Array(b)) } : {}),
    ...(design.pathKeys ? { pathKeys: copy(design.pathKeys, (b) => new Uint32Array(b)) } : {}),
    ...(design.resample ? { resample: copy(design.resample, (b) => new Int32Array(b)) } : {}),
  };
}

export type SimulateTask = { readonly kind: 'simulate'; readonly start: number; readonly end: number; readonly fromYear: number; readonly toYear: number };
export type SummariseTask = { readonly kind: 'summarise'; readonly series: number; readonly yearInOutput: number; readonly year: number };
export type RunTask = SimulateTask | SummariseTask;

/**
 * The batches of a run. Tasks within a batch are independent (run them in any order, on any
 * thread); a batch must be finished before the generator is resumed for the next one.
 */
export function* runBatches(run: PreparedRun, buffers: RunBuffers, tally: RunTally): Generator<readonly RunTask[], void, void> {
  const years = run.plan.years.length;
  const { output, yearsPerPass } = buffers;
  for (let fromYear = 0; fromYear < years; fromYear += yearsPerPass) {
    const toYear = fromYear + yearsPerPass;
    yield simulateTasks(run, fromYear, toYear);
    const summarise: RunTask[] = [];
    for (let series = 0; series < output.series.length; series++) {
      for (let year = fromYear; year < toYear; year++) summarise.push({ kind: 'summarise', series, yearInOutput: year - fromYear, year });
    }
    yield summarise;
    tallyPassInto(run, output, fromYear, tally, buffers.resample);
  }
}

/** Tasks simulating every path over years [fromYear, toYear), a chunk of paths each (fewer paths for a larger scenario). */
export function simulateTasks(run: PreparedRun, fromYear: number, toYear: number): SimulateTask[] {
  const tasks: SimulateTask[] = [];
  const chunk = pathsPerChunk(run.plan);
  for (let start = 0; start < run.paths; start += chunk) {
    tasks.push({ kind: 'simulate', start, end: Math.min(run.paths, start + chunk), fromYear, toYear });
  }
  return tasks;
}

/** A thread's scratch space for a run's tasks: the percentile selection's, and a block of conditioned paths. */
export interface TaskWorkspace extends PercentileWorkspace {
  readonly resampled: Float64Array;
}

export function createTaskWorkspace(paths: number): TaskWorkspace {
  return { ...createPercentileWorkspace(paths), resampled: new Float64Array(paths) };
}

/** Runs one task against a run's buffers (on whichever thread holds them), with `kernel`'s loop and summary. */
export function executeTask(plan: ModelPlan, seed: number, buffers: RunBuffers, task: RunTask, workspace: TaskWorkspace, kernel: SimulationKernel): void {
  if (task.kind === 'simulate') {
    const { start, end, fromYear, toYear } = task;
    const { state, parameterUniforms, pathKeys } = buffers;
    kernel.simulatePathsInto(plan, buffers.output, {
      seed,
      start,
      end,
      fromYear,
      toYear,
      ...(state ? { state } : {}),
      ...(parameterUniforms ? { parameterUniforms } : {}),
      ...(pathKeys ? { pathKeys } : {}),
    });
  } else {
    const { output, resample, statistics } = buffers;
    if (!resample) summariseBlockOf(output, task.series, task.yearInOutput, statistics, workspace, task.year, undefined, kernel.summariseBlockInto);
    else {
      // the conditioned paths: gather the block through the resampling, then summarise
      const { paths } = output;
      const block = output.values[task.series]!.subarray(task.yearInOutput * paths, (task.yearInOutput + 1) * paths);
      const gathered = workspace.resampled;
      for (let p = 0; p < paths; p++) gathered[p] = block[resample[p]!]!;
      const at = task.series * statistics.yearCount + task.year;
      statistics.nonFinite[at] = kernel.summariseBlockInto(gathered, workspace, statistics.values, at * BLOCK_STATISTICS, resampledChunkStarts(resample));
    }
  }
}

/**
 * Where the chunks of a conditioned block begin: the sum goes chunk by chunk of the paths the
 * values were drawn from (`resample` is sorted, so each chunk of PATHS_PER_CHUNK source paths
 * is one stretch of the block), which any split of the paths along chunk boundaries can repeat.
 */
export function resampledChunkStarts(resample: Int32Array): Int32Array {
  const starts: number[] = [];
  let chunk = -1;
  for (let p = 0; p < resample.length; p++) {
    const c = Math.floor(resample[p]! / PATHS_PER_CHUNK);
    if (c !== chunk) {
      starts.push(p);
      chunk = c;
    }
  }
  return Int32Array.from(starts);
}

/** Progress after a simulate task, in paths (path-years done over the number of years). */
export function progressAfter(run: PreparedRun, task: RunTask, done: { pathYears: number }): RunProgress | undefined {
  if (task.kind !== 'simulate') return undefined;
  done.pathYears += (task.end - task.start) * (task.toYear - task.fromYear);
  return { done: Math.floor(done.pathYears / run.plan.years.length), total: run.paths };
}
