import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PATHS_PER_CHUNK } from '../core/defaults.js';
import { createSimulationOutput } from '../core/simulationOutput.js';
import { buildResult, simulationSteps, type PreparedRun, type ResultOutcome, type RunProgress } from './runSimulation.js';

export interface AsyncRunOptions {
  /** aborting it stops the run within one chunk of paths; the outcome is then `cancelled` */
  readonly signal?: AbortSignal;
  /** called after each chunk of paths, on the calling thread */
  readonly onProgress?: (progress: RunProgress) => void;
  /** paths per chunk: the most work done between two looks at `signal` */
  readonly chunk?: number;
}

/**
 * Simulates and summarises a prepared run on the calling thread without holding it: the event
 * loop gets a turn after every chunk of paths, and an aborted `signal` stops the work there
 * (ModelFailure `cancelled`). Same bytes as `runSimulation` for the same run. A worker-thread
 * pool can stand in for it behind the same signature.
 */
export async function runSimulationAsync(run: PreparedRun, options: AsyncRunOptions = {}): Promise<ResultOutcome> {
  const { signal, onProgress, chunk = PATHS_PER_CHUNK } = options;
  if (signal?.aborted) return CANCELLED;
  const output = createSimulationOutput(run.plan, run.paths);
  for (const progress of simulationSteps(run, output, chunk)) {
    onProgress?.(progress);
    await yieldToEventLoop();
    if (signal?.aborted) return CANCELLED;
  }
  return buildResult(run, output);
}

const CANCELLED: ResultOutcome = { ok: false, failure: { kind: 'cancelled' } };

/** How the server runs a prepared simulation: this module's runner, or a worker pool with the same contract. */
export type SimulationRunner = (run: PreparedRun, options: AsyncRunOptions) => Promise<ResultOutcome>;
