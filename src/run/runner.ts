import { PARALLEL_MIN_PATHS, STREAM_MIN_PATHS } from '../core/defaults.js';
import { planThrough } from '../core/planThrough.js';
import type { SimulationOutput } from '../core/simulationOutput.js';
import { conditionOnOutcomes, type OutcomeConditioning } from './outcomeWeights.js';
import { resampleUniform } from './resampleUniform.js';
import { callingThreadBackend } from './callingThreadBackend.js';
import type { KernelName } from '../core/simulationKernel.js';
import { defaultKernelName, kernelNamed } from './kernelChoice.js';
import { simulateInSession } from './driveSession.js';
import type { PreparedRun, RunProgress } from './preparedRun.js';
import type { RunBackend } from './runBackend.js';
import type { SimulationDesign } from './runTasks.js';
import { resultFromTally } from './runTally.js';
import type { ResultOutcome } from './simulationResult.js';
import { workerPoolBackend } from './workerPoolBackend.js';

/**
 * The one way to run a scenario: prepare (preparedRun.ts) → simulate → summarise, on a backend
 * chosen per run — the calling thread for small runs, the local worker pool for large ones, and
 * a queue of other machines' workers (queue/queueBackend.ts) for runs from its size up.
 * Every caller (the command line, the server, the analyses, the benchmark) goes through it, and
 * every backend executes the same tasks, so the bytes of a result depend on the scenario, the
 * seed and the paths only.
 */
export interface Runner {
  /** 1: everything on the calling thread; N ≥ 2: N worker threads for large runs */
  readonly threads: number;
  /** the kernel every thread of this runner runs (a queue's workers choose their own, giving the same bytes) */
  readonly kernel: KernelName;
  /**
   * How many runs or simulations a caller with many (a sweep's grid, a sensitivity design's
   * batches, a comparison's scenarios) is best to keep in flight at once: 1 here, more on a queue.
   */
  readonly runsInFlight: number;
  /** Simulates and summarises a prepared run: the result contract, or why the model could not give one (`cancelled` when stopped). */
  run(run: PreparedRun, control?: RunControl): Promise<ResultOutcome>;
  /**
   * Simulates every path and year of a run and returns them (for paired comparisons and
   * sensitivity designs, which read the paths themselves), in ordinary memory.
   */
  simulate(run: PreparedRun, control?: RunControl, design?: SimulationDesign): Promise<SimulateOutcome>;
  /** Stops the worker threads; runs still going resolve as cancelled. */
  close(): Promise<void>;
  /** Thread ids of the live worker threads (none before the first large run). */
  workerThreadIds(): readonly number[];
}

export interface RunControl {
  /** aborting it stops the run within one chunk of paths; the outcome is then `cancelled` */
  readonly signal?: AbortSignal;
  /** called after each chunk of paths, on the calling thread */
  readonly onProgress?: (progress: RunProgress) => void;
  /** run on the worker threads whatever the run's size (tests, benchmarks) */
  readonly onWorkers?: boolean;
  /** simulate and summarise one year at a time (default: runs of STREAM_MIN_PATHS or more) */
  readonly streaming?: boolean;
  /** `simulate`: leave the paths in the worker threads' shared memory, where they were written (a queue worker's statistics threads read them there) */
  readonly sharedOutput?: boolean;
}

export type SimulateOutcome = { readonly ok: true; readonly output: SimulationOutput } | { readonly ok: false; readonly failure: { readonly kind: 'cancelled' } };

export interface RunnerOptions {
  /** worker threads (default 1: the calling thread only) */
  readonly threads?: number;
  /** every run on the worker threads, however small and however few threads (a queue worker, whose own thread must stay free) */
  readonly offCallingThread?: boolean;
  /** the worker pool's script (tests only: a script that crashes on cue) */
  readonly workerScript?: URL;
  /** the kernel (default: kernelChoice.ts's choice, the WebAssembly one where it runs) */
  readonly kernel?: KernelName;
  /** a queue of other machines' workers, for runs of `minPaths` paths or more; the runner closes it */
  readonly queue?: { readonly backend: RunBackend; readonly minPaths: number };
}

/** Whether a run of `paths` paths goes to the worker threads of a runner with `threads`. */
export function runsOnWorkers(paths: number, threads: number): boolean {
  return threads > 1 && paths >= PARALLEL_MIN_PATHS;
}

const CANCELLED = { ok: false, failure: { kind: 'cancelled' } } as const;

/** A runner on the calling thread and, with `threads` ≥ 2, a pool of that many worker threads (started on the first large run). */
export function createRunner(options: RunnerOptions = {}): Runner {
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const kernel = options.kernel ?? defaultKernelName();
  const callingThread = callingThreadBackend(kernelNamed(kernel));
  const offCallingThread = options.offCallingThread ?? false;
  const pool = threads > 1 || offCallingThread ? workerPoolBackend({ threads, kernel, ...(options.workerScript ? { workerScript: options.workerScript } : {}) }) : undefined;
  const { queue } = options;
  const active = new Set<AbortController>();
  let closed = false;

  const backendFor = (run: PreparedRun, control: RunControl): RunBackend => {
    if (queue && run.paths >= queue.minPaths) return queue.backend;
    return pool && (offCallingThread || control.onWorkers || runsOnWorkers(run.paths, threads)) ? pool : callingThread;
  };

  /** Runs `work` with one abort controller per run: the caller's signal or close() aborts it. */
  async function withController<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (closed) throw new Error('the runner is closed');
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort);
    if (signal?.aborted) controller.abort();
    active.add(controller);
    try {
      return await work(controller.signal);
    } finally {
      active.delete(controller);
      signal?.removeEventListener('abort', abort);
    }
  }

  return {
    threads,
    kernel,
    runsInFlight: queue?.backend.runsInFlight ?? 1,
    run(run, control = {}) {
      return withController(control.signal, async (signal) => {
        const backend = backendFor(run, control);
        // observed outcomes: a first pass to the last observed year weights and resamples the paths
        let conditioning: OutcomeConditioning | undefined;
        if (run.outcomes.length > 0) {
          const through = Math.max(...run.outcomes.map((o) => o.yearIndex)) + 1;
          const early = await simulateInSession(backend, { ...run, plan: planThrough(run.plan, through) }, signal);
          if (!early) return CANCELLED;
          const conditioned = conditionOnOutcomes(run.outcomes, early, resampleUniform(run.seed));
          if (!conditioned.ok) return conditioned;
          conditioning = conditioned.conditioning;
        }
        const summary = await backend.summarise(run, {
          streaming: control.streaming ?? run.paths >= STREAM_MIN_PATHS,
          design: conditioning ? { resample: conditioning.resample } : {},
          signal,
          onProgress: control.onProgress,
        });
        if (!summary) return CANCELLED;
        return resultFromTally(run, summary.series, summary.statistics, summary.tally, conditioning);
      });
    },
    simulate(run, control = {}, design = {}) {
      return withController(control.signal, async (signal) => {
        const output = await simulateInSession(backendFor(run, control), run, signal, control.onProgress, design, control.sharedOutput ?? false);
        return output ? { ok: true, output } : CANCELLED;
      });
    },
    async close() {
      closed = true;
      for (const controller of active) controller.abort();
      await Promise.all([pool?.close(), queue?.backend.close()]);
    },
    workerThreadIds: () => pool?.workerThreadIds() ?? [],
  };
}
