import { PARALLEL_MIN_PATHS, STREAM_MIN_PATHS } from '../core/defaults.js';
import { planThrough } from '../core/planThrough.js';
import { createSimulationOutput, type SimulationOutput } from '../core/simulationOutput.js';
import { conditionOnOutcomes, type OutcomeConditioning } from './outcomeWeights.js';
import { resampleUniform } from './resampleUniform.js';
import { callingThreadBackend } from './callingThreadBackend.js';
import type { KernelName } from '../core/simulationKernel.js';
import { defaultKernelName, kernelNamed } from './kernelChoice.js';
import type { PreparedRun, RunProgress } from './preparedRun.js';
import type { RunBackend, RunSession } from './runBackend.js';
import { progressAfter, runBatches, simulateTasks, type RunTask, type SimulationDesign } from './runTasks.js';
import { createRunTally, resultFromTally } from './runTally.js';
import type { ResultOutcome } from './simulationResult.js';
import { workerPoolBackend } from './workerPoolBackend.js';

/**
 * The one way to run a scenario: prepare (preparedRun.ts) → simulate → summarise, on a backend
 * chosen per run — the calling thread for small runs, the local worker pool for large ones.
 * Every caller (the command line, the server, the analyses, the benchmark) goes through it, and
 * every backend executes the same tasks, so the bytes of a result depend on the scenario, the
 * seed and the paths only.
 */
export interface Runner {
  /** 1: everything on the calling thread; N ≥ 2: N worker threads for large runs */
  readonly threads: number;
  /** the kernel every thread of this runner runs */
  readonly kernel: KernelName;
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
}

export type SimulateOutcome = { readonly ok: true; readonly output: SimulationOutput } | { readonly ok: false; readonly failure: { readonly kind: 'cancelled' } };

export interface RunnerOptions {
  /** worker threads (default 1: the calling thread only) */
  readonly threads?: number;
  /** the worker pool's script (tests only: a script that crashes on cue) */
  readonly workerScript?: URL;
  /** the kernel (default: kernelChoice.ts's choice, the WebAssembly one where it runs) */
  readonly kernel?: KernelName;
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
  const pool = threads > 1 ? workerPoolBackend({ threads, kernel, ...(options.workerScript ? { workerScript: options.workerScript } : {}) }) : undefined;
  const active = new Set<AbortController>();
  let closed = false;

  const backendFor = (run: PreparedRun, control: RunControl): RunBackend =>
    pool && (control.onWorkers || runsOnWorkers(run.paths, threads)) ? pool : callingThread;

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
    run(run, control = {}) {
      return withController(control.signal, async (signal) => {
        // observed outcomes: a first pass to the last observed year weights and resamples the paths
        let conditioning: OutcomeConditioning | undefined;
        if (run.outcomes.length > 0) {
          const through = Math.max(...run.outcomes.map((o) => o.yearIndex)) + 1;
          const early = await simulateWith(backendFor(run, control), { ...run, plan: planThrough(run.plan, through) }, signal);
          if (!early) return CANCELLED;
          const conditioned = conditionOnOutcomes(run.outcomes, early, resampleUniform(run.seed));
          if (!conditioned.ok) return conditioned;
          conditioning = conditioned.conditioning;
        }
        const session = backendFor(run, control).openSession(run, control.streaming ?? run.paths >= STREAM_MIN_PATHS, conditioning ? { resample: conditioning.resample } : {});
        let finished = false;
        try {
          const tally = createRunTally(run);
          finished = await drive(run, session, runBatches(run, session.buffers, tally), signal, control.onProgress);
          if (!finished) return CANCELLED;
          return resultFromTally(run, session.buffers.output.series, session.buffers.statistics, tally, conditioning);
        } finally {
          session.end(finished);
        }
      });
    },
    simulate(run, control = {}, design = {}) {
      return withController(control.signal, async (signal) => {
        const output = await simulateWith(backendFor(run, control), run, signal, control.onProgress, design);
        return output ? { ok: true, output } : CANCELLED;
      });
    },
    async close() {
      closed = true;
      for (const controller of active) controller.abort();
      await pool?.close();
    },
    workerThreadIds: () => pool?.workerThreadIds() ?? [],
  };
}

/** Every path and year of a run on `backend`, in ordinary memory; null when the signal aborted. */
async function simulateWith(
  backend: RunBackend,
  run: PreparedRun,
  signal: AbortSignal,
  onProgress?: (progress: RunProgress) => void,
  design: SimulationDesign = {},
): Promise<SimulationOutput | null> {
  const session = backend.openSession(run, false, design);
  let finished = false;
  try {
    finished = await drive(run, session, [simulateTasks(run, 0, run.plan.years.length)], signal, onProgress);
    if (!finished) return null;
    const { output } = session.buffers;
    if (!session.shared) return output;
    // an ordinary copy, which V8 frees like any other buffer (it is slow to free SharedArrayBuffers)
    const copy = createSimulationOutput(run.plan, run.paths);
    output.values.forEach((values, s) => copy.values[s]!.set(values));
    copy.regime.set(output.regime);
    return copy;
  } finally {
    session.end(finished && session.shared);
  }
}

/**
 * The one driver of a run's batches, whatever the backend: each batch finishes before the next
 * is made (the generator counts regimes and targets between them), progress after each task.
 * False when the signal aborted.
 */
async function drive(
  run: PreparedRun,
  session: RunSession,
  batches: Iterable<readonly RunTask[]>,
  signal: AbortSignal,
  onProgress: ((progress: RunProgress) => void) | undefined,
): Promise<boolean> {
  const done = { pathYears: 0 };
  const onTaskDone = (task: RunTask) => {
    const progress = progressAfter(run, task, done);
    if (progress) onProgress?.(progress);
  };
  for (const batch of batches) {
    if (signal.aborted || !(await session.execute(batch, signal, onTaskDone))) return false;
  }
  return !signal.aborted;
}
