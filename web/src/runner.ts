import type { KernelName } from '../../src/core/simulationKernel.js';
import type { SimulationResult } from '../../src/run/simulationResult.js';
import { formatIssue } from '../../src/scenario/scenarioIssue.js';
import { api, ApiError, type ScenarioDocument } from './apiClient.js';
import type { RunSpec } from './pageState.js';
import type { PhaseTimes, WorkerComparison, WorkerProblem, WorkerRunRequest, WorkerRunResponse } from './simulationWorker.js';
import type { WorkerRunSpec } from './workerRun.js';

/** Runs of up to this many paths happen in the page's Web Worker; larger ones on the server. */
export const WORKER_MAX_PATHS = 20_000;

export interface RunOutcome {
  readonly result: SimulationResult;
  /** the pinned run and, when computed in the page on the same paths and seed, current − pinned */
  readonly comparison?: WorkerComparison;
  /** where the numbers were computed */
  readonly where: 'page' | 'server';
  readonly computeMs: number;
  /** in the page: where computeMs went */
  readonly phasesMs?: PhaseTimes;
  /** in the page: the kernel that computed it (WebAssembly, or TypeScript where the browser has no WebAssembly with SIMD) */
  readonly kernel?: KernelName;
}

/**
 * A worker's refusal as the error the API gives for the same input: 400 with the issues, or
 * 422 for a model failure, so the page shows both the same way. `pinned` says it was the pinned run.
 */
export class RunRefusal extends ApiError {
  constructor(
    error: ApiError,
    /** which run was refused */
    readonly run: 'current' | 'pinned',
  ) {
    super(error.status, error.message, error.issues, error.code);
  }
}

function workerError(problem: WorkerProblem): ApiError {
  switch (problem.kind) {
    case 'invalid':
      return new RunRefusal(new ApiError(400, problem.issues.map(formatIssue).join('; '), problem.issues, 'invalid-scenario'), problem.run);
    case 'model-failure':
      return new RunRefusal(new ApiError(422, problem.message, [], 'model-failure'), problem.run);
    case 'internal':
      return new ApiError(500, problem.message, [], 'internal');
  }
}

/**
 * Chooses where a run happens: up to WORKER_MAX_PATHS in the page's Web Worker (pinned run
 * paired with the current one there), above it on the server (POST /api/simulations, pinned
 * run overlaid without pairing). Observations go with the run either way: the worker adds them
 * to the scenario exactly as the API does, so both give the CLI's bytes. The caller keeps one
 * run in flight at a time.
 */
export function createRunner(worker: Worker, helper?: Worker) {
  if (helper) {
    // the two workers talk directly: the leader hands the helper half the paths of each run
    const channel = new MessageChannel();
    worker.postMessage({ kind: 'helper-port', port: channel.port1 }, [channel.port1]);
    helper.postMessage({ kind: 'serve-parts', port: channel.port2 }, [channel.port2]);
  }
  let nextId = 1;
  const waiting = new Map<number, (response: WorkerRunResponse) => void>();
  worker.onmessage = (event: MessageEvent<WorkerRunResponse>) => {
    waiting.get(event.data.requestId)?.(event.data);
    waiting.delete(event.data.requestId);
  };
  worker.onerror = (event) => {
    for (const [id, resolve] of waiting) resolve({ requestId: id, ok: false, problem: { kind: 'internal', message: `the page's simulation worker failed: ${event.message}` } });
    waiting.clear();
  };

  const workerSpec = (spec: RunSpec, doc: ScenarioDocument): WorkerRunSpec => ({
    scenarioId: doc.id,
    scenario: doc.scenario,
    history: doc.history,
    overrides: spec.knobs,
    observations: spec.observations,
    paths: spec.paths,
    seed: spec.seed,
  });

  const inWorker = (request: Omit<WorkerRunRequest, 'requestId'>): Promise<RunOutcome> =>
    new Promise((resolve, reject) => {
      const requestId = nextId++;
      waiting.set(requestId, (response) => {
        if (response.ok)
          resolve({
            result: response.result,
            ...(response.comparison ? { comparison: response.comparison } : {}),
            where: 'page',
            computeMs: response.computeMs,
            phasesMs: response.phasesMs,
            kernel: response.kernel,
          });
        else reject(workerError(response.problem));
      });
      worker.postMessage({ requestId, ...request });
    });

  const onServer = async (spec: RunSpec, run: 'current' | 'pinned'): Promise<SimulationResult> => {
    try {
      return await api.simulate({ scenario: spec.scenario, overrides: spec.knobs, observations: spec.observations, paths: spec.paths, seed: spec.seed });
    } catch (error) {
      throw error instanceof ApiError && (error.status === 400 || error.status === 422) ? new RunRefusal(error, run) : error;
    }
  };

  return {
    async run(spec: RunSpec, doc: ScenarioDocument, pinned?: { spec: RunSpec; doc: ScenarioDocument }): Promise<RunOutcome> {
      // a January…month value is read against the partial-year data, which only the server holds
      const cumulative = (s: RunSpec) => s.observations.some((o) => o.months !== undefined);
      if (spec.paths <= WORKER_MAX_PATHS && (!pinned || pinned.spec.paths <= WORKER_MAX_PATHS) && !cumulative(spec) && !(pinned && cumulative(pinned.spec))) {
        return inWorker({ current: workerSpec(spec, doc), ...(pinned ? { pinned: workerSpec(pinned.spec, pinned.doc) } : {}) });
      }
      const started = performance.now();
      const [result, pinnedResult] = await Promise.all([onServer(spec, 'current'), pinned ? onServer(pinned.spec, 'pinned') : Promise.resolve(null)]);
      return {
        result,
        ...(pinnedResult ? { comparison: { pinned: pinnedResult, difference: null, targets: [], unpaired: 'server' as const } } : {}),
        where: 'server',
        computeMs: performance.now() - started,
      };
    },
  };
}
