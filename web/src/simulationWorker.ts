/// <reference lib="webworker" />
import './zodWithoutEval.js'; // before anything parses with zod
import { pairedSeries, pairedTargets, type PairedDifference, type TargetDifference } from '../../src/analysis/pairedDifference.js';
import { buildResult, prepareRun, simulateAll, type PreparedRun, type SimulationResult } from '../../src/analysis/runSimulation.js';
import { describeModelFailure } from '../../src/core/modelFailure.js';
import type { SimulationOutput } from '../../src/core/simulationOutput.js';
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

export interface WorkerRunRequest {
  readonly requestId: number;
  readonly current: WorkerRunSpec;
  /** a pinned run to compare with; paired with the current one when paths and seed match */
  readonly pinned?: WorkerRunSpec;
}

export interface WorkerComparison {
  readonly pinned: SimulationResult;
  /** current − pinned, path by path, for every series (null when paths or seed differ) */
  readonly difference: Readonly<Record<string, PairedDifference>> | null;
  readonly targets: readonly TargetDifference[];
}

export type WorkerRunResponse =
  | { readonly requestId: number; readonly ok: true; readonly result: SimulationResult; readonly comparison?: WorkerComparison; readonly computeMs: number }
  | { readonly requestId: number; readonly ok: false; readonly message: string };

interface Computed {
  readonly run: PreparedRun;
  readonly output: SimulationOutput;
  readonly result: SimulationResult;
}

class RunError extends Error {}

/** Runs the pure core: the same code, and the same bytes, as the CLI and the API. */
function compute(spec: WorkerRunSpec): Computed {
  const resolved = resolveInMemory(spec.scenarioId, spec.scenario, historyFromBlock(spec.history), spec.overrides);
  if (!resolved.ok) throw new RunError(resolved.issues.map(formatIssue).join('; '));
  const prepared = prepareRun(resolved.resolved, { paths: spec.paths, seed: spec.seed });
  if (!prepared.ok) throw new RunError(prepared.issues.map(formatIssue).join('; '));
  const output = simulateAll(prepared.run);
  const built = buildResult(prepared.run, output);
  if (!built.ok) throw new RunError(describeModelFailure(built.failure));
  return { run: prepared.run, output, result: built.result };
}

// the pinned run changes rarely (a click), the current one on every slider move: keep the pinned paths
let pinnedCache: { key: string; computed: Computed } | null = null;

function computePinned(spec: WorkerRunSpec): Computed {
  const key = JSON.stringify([spec.scenarioId, spec.overrides, spec.paths, spec.seed]);
  if (pinnedCache?.key !== key) pinnedCache = { key, computed: compute(spec) };
  return pinnedCache.computed;
}

function handle(request: WorkerRunRequest): WorkerRunResponse {
  const started = performance.now();
  const current = compute(request.current);
  let comparison: WorkerComparison | undefined;
  if (request.pinned) {
    const pinned = computePinned(request.pinned);
    const paired = pinned.run.paths === current.run.paths && pinned.run.seed === current.run.seed;
    comparison = {
      pinned: pinned.result,
      difference: paired ? pairedSeries(pinned.output, current.output) : null,
      targets: paired ? pairedTargets(pinned.run, pinned.output, current.run, current.output) : [],
    };
  } else pinnedCache = null;
  return { requestId: request.requestId, ok: true, result: current.result, ...(comparison ? { comparison } : {}), computeMs: performance.now() - started };
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<WorkerRunRequest>) => {
  let response: WorkerRunResponse;
  try {
    response = handle(event.data);
  } catch (error) {
    const message = error instanceof RunError ? error.message : `internal error in the page's simulation worker: ${(error as Error).message}`;
    response = { requestId: event.data.requestId, ok: false, message };
  }
  scope.postMessage(response);
};
