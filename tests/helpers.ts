import { resolveScenarioFile, resolveScenarioObject, type ResolvedScenario } from '../src/scenario/loadScenario.js';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';
import { formatIssue } from '../src/scenario/scenarioIssue.js';
import { join } from 'node:path';
import type { AnalysisContext } from '../src/analysis/analysisContext.js';
import { createPathStates, pathStateLayout, type PathStateLayout } from '../src/core/pathStates.js';
import { simulatePathsInto } from '../src/core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../src/core/simulationOutput.js';
import { resolveInMemory } from '../src/scenario/resolveInMemory.js';
import { prepareRun, type PreparedRun, type RunOptions } from '../src/run/preparedRun.js';
import { createRunner } from '../src/run/runner.js';
import type { SimulationResult } from '../src/run/simulationResult.js';

/** The ids of the scenarios the project ships. */
export const SHIPPED = ['baseline', 'escalation', 'thaw', 'localisation', 'oil-slump'] as const;

/** Loads a shipped scenario (with optional --set overrides) or fails the test with the issues. */
export function shipped(id: string, overrides: Record<string, unknown> = {}): ResolvedScenario {
  const loaded = resolveScenarioFile(join(shippedScenariosDir(), `${id}.yaml`), { overrides });
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.resolved;
}

/** Resolves an inline scenario object or fails the test with the issues. */
export function inline(raw: unknown): ResolvedScenario {
  const loaded = resolveScenarioObject(raw);
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.resolved;
}

/**
 * A resolved scenario with `key=value` overrides applied in memory, as the page applies them
 * (no files read: cheap enough for hundreds of property runs), or the test fails with the issues.
 */
export function variant(resolved: ResolvedScenario, overrides: Record<string, unknown>): ResolvedScenario {
  const loaded = resolveInMemory(resolved.id, resolved.scenario, resolved.history, overrides);
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.resolved;
}

/** Relative tolerance comparison that reads well in assertions. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

/** Paths of every number in a value that is NaN or ±Infinity. */
export function nonFiniteNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteNumbers(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, `${path}.${k}`));
  return [];
}

/** The runner the tests share: everything on the calling thread, as the CLI runs small runs. */
export const callingThread = createRunner();

/** An analysis context on the calling thread (no signal, no progress). */
export const onCallingThread: AnalysisContext = { runner: callingThread };

/** A prepared run of a resolved scenario, or the test fails with the issues. */
export function preparedRun(resolved: ResolvedScenario, options: RunOptions = {}): PreparedRun {
  const prepared = prepareRun(resolved, options);
  if (!prepared.ok) throw new Error(prepared.issues.map(formatIssue).join('\n'));
  return prepared.run;
}

/** Every path and year of a prepared run (the engine on the calling thread, through the runner). */
export async function simulated(run: PreparedRun): Promise<SimulationOutput> {
  const outcome = await callingThread.simulate(run);
  if (!outcome.ok) throw new Error('the simulation was cancelled');
  return outcome.output;
}

/** A run's result through the runner, or the test fails with the issues or the model failure. */
export async function resultOf(resolved: ResolvedScenario, options: RunOptions = {}): Promise<SimulationResult> {
  const outcome = await callingThread.run(preparedRun(resolved, options));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
  return outcome.result;
}

/** A small sector (a market of 1 US$ m, every parameter uncertain), as an attacker or a very detailed scenario would add many. */
export function smallSector(label: string): Record<string, unknown> {
  const source = 'assumption: test';
  return {
    label,
    market: { value: 0.001, source },
    importContent: { value: 1, source },
    baseShares: { china: 0.25, west: 0.25, domestic: 0.25, other: 0.25, source },
    originShares: { china: 0.25, west: 0.25, domestic: 0.25, other: 0.25, source },
    sanctionsWedge: { source },
    marketGrowth: { dist: 'normal', mean: 0, sd: 0.01, source },
    roubleElasticity: { dist: 'normal', mean: 0, sd: 0.01, source },
    substitutionElasticity: { dist: 'uniform', min: 2, max: 3, source },
    adjustmentSpeed: { dist: 'uniform', min: 0.1, max: 0.2, source },
    shareVolatility: { dist: 'uniform', min: 0.01, max: 0.02, source },
  };
}

/** An inline scenario: baseline with `count` more small sectors (1,650 of them make a body of ≈ 1 MB). */
export function baselineWithSectors(count: number): Record<string, unknown> {
  return { extends: 'baseline', sectors: Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}`, smallSector(`small sector ${i}`)])) };
}

/** One projected year of a run simulated a year at a time: every path's state after it, and its output. */
export interface SimulatedYear {
  /** the path states after the year, `paths` rows of `layout.stride` numbers */
  readonly state: Float64Array;
  /** the year's output (one year of every series and the regime) */
  readonly output: SimulationOutput;
}

/**
 * Every path of a prepared run, simulated one year per call resuming from the path states (as a
 * streamed run is): each year's states and output, so a test can read a path's state variables
 * — log oil, log rouble, crude volume, … — before and after each year's draws.
 */
export function yearByYear(run: PreparedRun): { layout: PathStateLayout; years: SimulatedYear[] } {
  const { plan, paths, seed } = run;
  const state = createPathStates(plan, paths);
  const years: SimulatedYear[] = [];
  for (let y = 0; y < plan.years.length; y++) {
    const output = createSimulationOutput({ ...plan, years: [plan.years[y]!] }, paths);
    simulatePathsInto(plan, output, { seed, start: 0, end: paths, fromYear: y, toYear: y + 1, state });
    years.push({ state: Float64Array.from(state.values), output });
  }
  return { layout: pathStateLayout(plan), years };
}
