import { DEFAULT_PATHS, DEFAULT_SEED, MAX_PATHS, MAX_SEED, PATHS_PER_CHUNK } from '../core/defaults.js';
import type { ModelFailure } from '../core/modelFailure.js';
import type { ModelPlan } from '../core/modelPlan.js';
import { simulatePathsInto } from '../core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../core/simulationOutput.js';
import { summarise, type SeriesSummary } from '../core/summarise.js';
import { compilePlan, type CompiledTarget } from '../scenario/compilePlan.js';
import { historyBlock, type HistoryBlock } from '../scenario/history.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { canonicalJson, sha256Hex } from '../scenario/sha256.js';
import { VERSION } from '../version.js';
import type { WorkCount } from './analysisWork.js';

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
  const inputHash = sha256Hex(canonicalJson({ scenario, history: resolved.history, paths, seed, horizon }));
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

/** Summarises simulated paths into the result contract. */
export function buildResult(run: PreparedRun, output: SimulationOutput): ResultOutcome {
  const { plan } = run;
  const summary = summarise(output, plan.years);
  if (!summary.ok) return { ok: false, failure: summary.failure };
  const { scenario } = run.resolved;
  const result: SimulationResult = {
    scenario: run.id,
    name: scenario.name,
    seed: run.seed,
    paths: run.paths,
    version: VERSION,
    inputHash: run.inputHash,
    origin: plan.originYear,
    horizon: run.horizon,
    years: plan.years,
    series: summary.series,
    regimes: { names: plan.regimeNames, probability: regimeProbabilities(plan, output) },
    history: historyBlock(run.resolved.history, plan.originYear),
    targets: run.targets.map((target) => targetResult(target, plan, output)),
  };
  return { ok: true, result };
}

/** prepare → simulate → summarise, on the calling thread. */
export function runSimulation(
  resolved: ResolvedScenario,
  options: RunOptions = {},
  onProgress?: (progress: RunProgress) => void,
): { ok: true; result: SimulationResult } | { ok: false; issues: readonly ScenarioIssue[] } | { ok: false; failure: ModelFailure } {
  const prepared = prepareRun(resolved, options);
  if (!prepared.ok) return prepared;
  return buildResult(prepared.run, simulateAll(prepared.run, onProgress));
}

export { serializeResult } from './serializeResult.js';

function targetResult(target: CompiledTarget, plan: ModelPlan, output: SimulationOutput): TargetResult {
  const base = { id: target.id, label: target.label, year: target.year, expression: target.expression.source };
  const y = plan.years.indexOf(target.year);
  if (y < 0) return { ...base, probability: null, standardError: null };
  const { paths } = output;
  const columns = target.seriesIndex.map((s) => output.values[s]!.subarray(y * paths, (y + 1) * paths));
  const scope = new Float64Array(columns.length);
  let hits = 0;
  for (let p = 0; p < paths; p++) {
    for (let i = 0; i < columns.length; i++) scope[i] = columns[i]![p]!;
    const value = target.expression.evaluate(scope);
    if (value !== 0 && !Number.isNaN(value)) hits++;
  }
  const probability = hits / paths;
  return { ...base, probability, standardError: Math.sqrt((probability * (1 - probability)) / paths) };
}

function regimeProbabilities(plan: ModelPlan, output: SimulationOutput): Record<string, number[]> {
  const { paths, yearCount, regime } = output;
  const counts = plan.regimeNames.map(() => new Array<number>(yearCount).fill(0));
  for (let y = 0; y < yearCount; y++) {
    for (let p = 0; p < paths; p++) counts[regime[y * paths + p]!]![y]!++;
  }
  return Object.fromEntries(plan.regimeNames.map((name, r) => [name, counts[r]!.map((c) => c / paths)]));
}
