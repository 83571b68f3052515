/// <reference lib="webworker" />
import { runSimulation, type SimulationResult } from '../../src/analysis/runSimulation.js';
import { describeModelFailure } from '../../src/core/modelFailure.js';
import { historyFromBlock, type HistoryBlock } from '../../src/scenario/history.js';
import { resolveInMemory } from '../../src/scenario/resolveInMemory.js';
import { formatIssue } from '../../src/scenario/scenarioIssue.js';

/** A run the page asks the worker for. */
export interface WorkerRunRequest {
  readonly requestId: number;
  readonly scenarioId: string;
  readonly scenario: unknown;
  /** the history block the API serves with the scenario */
  readonly history: HistoryBlock;
  readonly overrides: Readonly<Record<string, number>>;
  readonly paths: number;
  readonly seed: number;
}

export type WorkerRunResponse =
  | { readonly requestId: number; readonly ok: true; readonly result: SimulationResult; readonly computeMs: number }
  | { readonly requestId: number; readonly ok: false; readonly message: string };

/** Runs the pure core in the page's Web Worker: the same code, and the same bytes, as the CLI and the API. */
function handle(request: WorkerRunRequest): WorkerRunResponse {
  const started = performance.now();
  const resolved = resolveInMemory(request.scenarioId, request.scenario, historyFromBlock(request.history), request.overrides);
  if (!resolved.ok) return { requestId: request.requestId, ok: false, message: resolved.issues.map(formatIssue).join('; ') };
  const outcome = runSimulation(resolved.resolved, { paths: request.paths, seed: request.seed });
  if (!outcome.ok) {
    const message = 'issues' in outcome ? outcome.issues.map(formatIssue).join('; ') : describeModelFailure(outcome.failure);
    return { requestId: request.requestId, ok: false, message };
  }
  return { requestId: request.requestId, ok: true, result: outcome.result, computeMs: performance.now() - started };
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<WorkerRunRequest>) => {
  let response: WorkerRunResponse;
  try {
    response = handle(event.data);
  } catch (error) {
    response = { requestId: event.data.requestId, ok: false, message: `internal error in the page's simulation worker: ${(error as Error).message}` };
  }
  scope.postMessage(response);
};
