import { DEFAULT_PATHS, DEFAULT_SEED, MAX_PATHS, MAX_SEED, PATHS_PER_CHUNK } from '../core/defaults.js';
import type { ModelFailure } from '../core/modelFailure.js';
import type { ModelPlan } from '../core/modelPlan.js';
import { simulatePathsInto } from '../core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../core/simulationOutput.js';
import { createPercentileWorkspace } from '../core/percentilesOfBlock.js';
import { blockStatisticsOf, type SeriesSummary } from '../core/summarise.js';
import { compilePlan, type CompiledTarget } from '../scenario/compilePlan.js';
import { historyBlock, type HistoryBlock } from '../scenario/history.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { canonicalJson, sha256Hex } from '../scenario/sha256.js';
import type { WorkCount } from './analysisWork.js';
import { createRunBuffers, executeTask, progressAfter, runBatches, type RunBuffers } from './runTasks.js';
import { createRunTally, resultFromTally, tallyPassInto, type RunTally } from './runTally.js';

/** The JSON result of a run (DESIGN §4); the CLI's `--format json` and the API send it as is. */
export interface SimulationResult {
  readonly scenario: string;
  readonly name: string;
  readonly seed: number;
  readonly paths: number;
  readonly version: string;
  readonly inputHash: string;
  readonly origin: number;
  readonly horizon: number;
  readonly years: readonly number[];
  readonly series: Readonly<Record<string, SeriesSummary>>;
  /** probability of each sanctions regime by projected year */
  readonly regimes: { readonly names: readonly string[]; readonly probability: Readonly<Record<string, readonly number[]>> };
  readonly history: HistoryBlock;
  readonly targets: readonly TargetResult[];
}

export interface TargetResult {
  readonly id: string;
  readonly label: string;
  readonly year: number;
  readonly expression: string;
  /** share of paths meeting the target; null when `year` is outside the projected years */
  readonly probability: number | null;
  /** Monte Carlo standard error of `probability`, √(p(1 − p)/paths) */
  readonly standardError: number | null;
}

export interface RunOptions {
  readonly paths?: number;
  readonly seed?: number;
  readonly horizon?: number;
}

/** Everything a run needs, checked and compiled; the same for any number of threads. */
export interface PreparedRun {
  readonly id: string;
  readonly resolved: ResolvedScenario;
  readonly plan: ModelPlan;
  readonly targets: readonly CompiledTarget[];
  readonly paths: number;
  readonly seed: number;
  readonly horizon: number;
  readonly inputHash: string;
}

export type PrepareResult = { readonly ok: true; readonly run: PreparedRun } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/**
 * Checks the run options, compiles the plan and fixes the seed and path count (caller, then
 * the scenario's `run:` block, then the defaults), so the result can record them.
 */
export function prepareRun(resolved: ResolvedScenario, options: RunOptions = {}): PrepareResult {
  const { scenario } = resolved;
  const paths = options.paths ?? scenario.run?.paths ?? DEFAULT_PATHS;
  const seed = options.seed ?? scenario.run?.seed ?? DEFAULT_SEED;
  const issues: ScenarioIssue[] = [];
  if (!Number.isInteger(paths) || paths < 1 || paths > MAX_PATHS) issues.push({ path: ['paths'], message: `expected a whole number from 1 to ${MAX_PATHS}, got ${paths}` });
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) issues.push({ path: ['seed'], message: `expected a whole number from 0 to ${MAX_SEED}, got ${seed}` });
  const compiled = compilePlan(scenario, resolved.history.years, options.horizon === undefined ? {} : { horizon: options.horizon });
  if (!compiled.ok) issues.push(...compiled.issues.map((issue) => ({ ...issue, ...resolved.locate(issue.path) })));
  if (issues.length > 0 || !compiled.ok) return { ok: false, issues };
  const horizon = compiled.plan.years[compiled.plan.years.length - 1]!;
  // the history as the result reports it: every number the run reads from the data, and its flags
  const history = historyBlock(resolved.history, compiled.plan.originYear);
  const inputHash = sha256Hex(canonicalJson({ scenario, history, paths, seed, horizon }));
  return { ok: true, run: { id: resolved.id, resolved, plan: compiled.plan, targets: compiled.targets, paths, seed, horizon, inputHash } };
}

/** The work of a run: paths × projected years (memory is about 200 bytes per path-year). */
export function simulationWork(run: PreparedRun): WorkCount {
  return { field: 'paths', value: run.paths, factors: [['projected years', run.plan.years.length]] };
}

/** Progress of a run in paths. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Simulates a prepared run chunk by chunk into `output`, yielding after each chunk: a caller
 * can report progress, yield to its event loop, or stop (by not resuming) between chunks.
 */
export function* simulationSteps(run: PreparedRun, output: SimulationOutput, chunk = PATHS_PER_CHUNK): Generator<RunProgress, void, void> {
  for (let start = 0; start < run.paths; start += chunk) {
    const end = Math.min(run.paths, start + chunk);
    simulatePathsInto(run.plan, output, { seed: run.seed, start, end });
    yield { done: end, total: run.paths };
  }
}

/** Runs every path on the calling thread. */
export function simulateAll(run: PreparedRun, onProgress?: (progress: RunProgress) => void): SimulationOutput {
  const output = createSimulationOutput(run.plan, run.paths);
  for (const progress of simulationSteps(run, output)) onProgress?.(progress);
  return output;
}

export type ResultOutcome = { readonly ok: true; readonly result: SimulationResult } | { readonly ok: false; readonly failure: ModelFailure };

/** Summarises simulated paths (every projected year of them) into the result contract. */
export function buildResult(run: PreparedRun, output: SimulationOutput): ResultOutcome {
  const tally = createRunTally(run);
  tallyPassInto(run, output, 0, tally);
  return resultFromTally(run, output.series, blockStatisticsOf(output), tally);
}

/**
 * prepare → simulate → summarise, on the calling thread (large runs one year at a time, see
 * runTasks.ts). `runSimulationParallel` (workerPool.ts) gives the same bytes on worker threads.
 */
export function runSimulation(
  resolved: ResolvedScenario,
  options: RunOptions = {},
  onProgress?: (progress: RunProgress) => void,
): { ok: true; result: SimulationResult } | { ok: false; issues: readonly ScenarioIssue[] } | { ok: false; failure: ModelFailure } {
  const prepared = prepareRun(resolved, options);
  if (!prepared.ok) return prepared;
  return runOnCallingThread(prepared.run, createRunBuffers(prepared.run), onProgress);
}

/** Runs every batch of a prepared run on the calling thread, synchronously. */
export function runOnCallingThread(run: PreparedRun, buffers: RunBuffers, onProgress?: (progress: RunProgress) => void): ResultOutcome {
  const tally = createRunTally(run);
  for (const progress of callingThreadSteps(run, buffers, tally)) onProgress?.(progress);
  return resultFromTally(run, buffers.output.series, buffers.statistics, tally);
}

/**
 * Executes a run's tasks on the calling thread, yielding progress after each chunk of paths:
 * the caller may report it, give its event loop a turn, or stop by not resuming.
 */
export function* callingThreadSteps(run: PreparedRun, buffers: RunBuffers, tally: RunTally): Generator<RunProgress, void, void> {
  const workspace = createPercentileWorkspace(run.paths);
  const done = { pathYears: 0 };
  for (const batch of runBatches(run, buffers, tally)) {
    for (const task of batch) {
      executeTask(run.plan, run.seed, buffers, task, workspace);
      const progress = progressAfter(run, task, done);
      if (progress) yield progress;
    }
  }
}

export { serializeResult } from './serializeResult.js';
