import { simulatePathsInto } from '../../src/core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { historyFromBlock, type HistoryBlock } from '../../src/scenario/history.js';
import { resolveInMemory } from '../../src/scenario/resolveInMemory.js';
import { formatIssue } from '../../src/scenario/scenarioIssue.js';

/** One run the page asks for: a scenario as the API serves it, knob overrides, paths and seed. */
export interface WorkerRunSpec {
  readonly scenarioId: string;
  readonly scenario: unknown;
  /** the history block the API serves with the scenario */
  readonly history: HistoryBlock;
  readonly overrides: Readonly<Record<string, number>>;
  readonly paths: number;
  readonly seed: number;
}

/** A run the model refused (invalid overrides, paths or seed), with the issues as the page shows them. */
export class RunError extends Error {}

/**
 * Checks and compiles a run spec in memory, applying the overrides exactly as the command
 * line's `--set` does, so the page computes from the same plan as the CLI and the API.
 */
export function prepareWorkerRun(spec: WorkerRunSpec): PreparedRun {
  const resolved = resolveInMemory(spec.scenarioId, spec.scenario, historyFromBlock(spec.history), spec.overrides);
  if (!resolved.ok) throw new RunError(resolved.issues.map(formatIssue).join('; '));
  const outcome = prepareRun(resolved.resolved, { paths: spec.paths, seed: spec.seed });
  if (!outcome.ok) throw new RunError(outcome.issues.map(formatIssue).join('; '));
  return outcome.run;
}

/**
 * Simulates every path of a prepared run on this thread, into `output` (default: new ordinary
 * memory) from path `start` on (default 0): the page's workers share a run's paths this way.
 */
export function simulateRunInto(run: PreparedRun, output: SimulationOutput = createSimulationOutput(run.plan, run.paths), start = 0, end = run.paths): SimulationOutput {
  simulatePathsInto(run.plan, output, { seed: run.seed, start, end });
  return output;
}
