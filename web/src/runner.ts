import type { SimulationResult } from '../../src/analysis/runSimulation.js';
import { api, ApiError, type ScenarioDocument } from './apiClient.js';
import type { RunSpec } from './pageState.js';
import type { WorkerRunRequest, WorkerRunResponse } from './simulationWorker.js';

/** Runs of up to this many paths happen in the page's Web Worker; larger ones on the server. */
export const WORKER_MAX_PATHS = 20_000;

export interface RunOutcome {
  readonly result: SimulationResult;
  /** where the numbers were computed */
  readonly where: 'page' | 'server';
  readonly computeMs: number;
}

/**
 * Chooses where a run happens and keeps the worker busy with one run at a time: a request
 * made while another is running waits, and is dropped if a newer one arrives first (a slider
 * dragged across its range asks for the last position, not every one on the way).
 */
export function createRunner(worker: Worker) {
  let nextId = 1;
  const waiting = new Map<number, (response: WorkerRunResponse) => void>();
  worker.onmessage = (event: MessageEvent<WorkerRunResponse>) => {
    waiting.get(event.data.requestId)?.(event.data);
    waiting.delete(event.data.requestId);
  };
  let serverAbort: AbortController | null = null;

  const inWorker = (spec: RunSpec, doc: ScenarioDocument): Promise<RunOutcome> =>
    new Promise((resolve, reject) => {
      const request: WorkerRunRequest = { requestId: nextId++, scenarioId: doc.id, scenario: doc.scenario, history: doc.history, overrides: spec.knobs, paths: spec.paths, seed: spec.seed };
      waiting.set(request.requestId, (response) => {
        if (response.ok) resolve({ result: response.result, where: 'page', computeMs: response.computeMs });
        else reject(new ApiError(400, response.message));
      });
      worker.postMessage(request);
    });

  const onServer = async (spec: RunSpec): Promise<RunOutcome> => {
    serverAbort?.abort();
    serverAbort = new AbortController();
    const started = performance.now();
    const result = await api.simulate({ scenario: spec.scenario, overrides: spec.knobs, paths: spec.paths, seed: spec.seed }, serverAbort.signal);
    return { result, where: 'server', computeMs: performance.now() - started };
  };

  return {
    run(spec: RunSpec, doc: ScenarioDocument): Promise<RunOutcome> {
      return spec.paths <= WORKER_MAX_PATHS ? inWorker(spec, doc) : onServer(spec);
    },
  };
}
