import { createSimulationOutput, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { kernelNamed } from '../../src/run/kernelChoice.js';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { historyFromBlock, type HistoryBlock } from '../../src/scenario/history.js';
import { isPlainObject } from '../../src/scenario/mergeScenario.js';
import { resolveInMemory } from '../../src/scenario/resolveInMemory.js';
import { formatIssue, type ScenarioIssue } from '../../src/scenario/scenarioIssue.js';
import type { PageObservation } from './pageState.js';

/** One run the page asks for: a scenario as the API serves it, knob overrides, observations, paths and seed. */
export interface WorkerRunSpec {
  readonly scenarioId: string;
  readonly scenario: unknown;
  /** the history block the API serves with the scenario */
  readonly history: HistoryBlock;
  readonly overrides: Readonly<Record<string, number>>;
  /** what happened, added to the scenario's own `observe` list as the API adds a request's `observations` */
  readonly observations?: readonly PageObservation[];
  readonly paths: number;
  readonly seed: number;
}

/** A run the model refused (invalid overrides, observations, paths or seed), with its issues as the API words them. */
export class RunError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map(formatIssue).join('; '));
  }
}

/**
 * Checks and compiles a run spec in memory, applying the overrides exactly as the command
 * line's `--set` does and appending the observations to `observe` as `--observe` and the API
 * do, so the page computes from the same plan as the CLI and the API. An issue about an added
 * observation names it as the API does: `observations[i]`.
 */
export function prepareWorkerRun(spec: WorkerRunSpec): PreparedRun {
  const added = spec.observations ?? [];
  const own = isPlainObject(spec.scenario) && Array.isArray(spec.scenario.observe) ? spec.scenario.observe : [];
  const scenario = added.length > 0 && isPlainObject(spec.scenario) ? { ...spec.scenario, observe: [...own, ...added] } : spec.scenario;
  const named = (issues: readonly ScenarioIssue[]): ScenarioIssue[] =>
    issues.map((issue) =>
      issue.path[0] === 'observe' && typeof issue.path[1] === 'number' && issue.path[1] >= own.length ? { ...issue, file: `observations[${issue.path[1] - own.length}]` } : issue,
    );
  const resolved = resolveInMemory(spec.scenarioId, scenario, historyFromBlock(spec.history), spec.overrides);
  if (!resolved.ok) throw new RunError(named(resolved.issues));
  const outcome = prepareRun(resolved.resolved, { paths: spec.paths, seed: spec.seed });
  if (!outcome.ok) throw new RunError(named(outcome.issues));
  return outcome.run;
}

/**
 * Simulates every path of a prepared run on this thread (the kernel kernelChoice.ts picks: the
 * WebAssembly one where the browser runs it), into `output` (default: new ordinary memory) from
 * path `start` on (default 0): the page's workers share a run's paths this way.
 */
export function simulateRunInto(run: PreparedRun, output: SimulationOutput = createSimulationOutput(run.plan, run.paths), start = 0, end = run.paths): SimulationOutput {
  kernelNamed().simulatePathsInto(run.plan, output, { seed: run.seed, start, end });
  return output;
}
