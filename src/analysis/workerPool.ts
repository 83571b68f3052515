import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EVENT_LOOP_TURN_MS, PARALLEL_MIN_PATHS, SHARES_OF_A_BATCH_PER_THREAD, SPARE_BUFFER_SETS, STREAM_MIN_PATHS } from '../core/defaults.js';
import { callingThreadSteps, type PreparedRun, type ResultOutcome, type RunProgress } from './runSimulation.js';
import { simulatePathsInto } from '../core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../core/simulationOutput.js';
import { createRunBuffers, progressAfter, runBatches, simulateTasks, type RunBuffers, type RunTask } from './runTasks.js';
import { createRunTally, resultFromTally } from './runTally.js';
import type { WorkerReply, WorkerRequest } from './simulationWorker.js';

/**
 * A persistent pool of worker threads for large runs (DESIGN §5). Workers start on the first
 * large run and stay; each run's buffers are SharedArrayBuffers that the workers write into,
 * and its plan (plain data) is sent once to each worker that takes one of its tasks. Tasks
 * are chunks of paths and (series, year) blocks to summarise; the draws of a path depend only
 * on (seed, path), so the bytes of the result are the same for any number of threads.
 * Runs under PARALLEL_MIN_PATHS paths stay on the calling thread.
 */
export interface SimulationPool {
  /** 1: everything on the calling thread; N ≥ 2: N worker threads for large runs */
  readonly threads: number;
  /** Simulates and summarises a prepared run; a cancelled run resolves as `{ ok: false, failure: { kind: 'cancelled' } }`. */
  run(run: PreparedRun, options?: PoolRunOptions): Promise<ResultOutcome>;
  /**
   * Simulates every path and year of a run (for callers that need the paths themselves: paired
   * comparisons, sensitivity designs); the same bytes as `simulateAll`.
   */
  simulate(run: PreparedRun, options?: PoolRunOptions): Promise<SimulateOutcome>;
  /** Stops the workers; runs still going are cancelled. */
  close(): Promise<void>;
  /** Thread ids of the live workers (none before the first large run). */
  workerThreadIds(): readonly number[];
}

export interface PoolRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /** use the workers whatever the run's size (tests, benchmarks) */
  readonly onWorkers?: boolean;
  /** simulate and summarise one year at a time (default: runs of STREAM_MIN_PATHS or more) */
  readonly streaming?: boolean;
}

export type SimulateOutcome = { readonly ok: true; readonly output: SimulationOutput } | { readonly ok: false; readonly failure: { readonly kind: 'cancelled' } };

export interface PoolOptions {
  /** worker threads (default: the machine's available parallelism) */
  readonly threads?: number;
  /**
   * The worker's script (default: simulationWorker). Only tests set it, to a script that wraps
   * simulationWorker and crashes on cue: nothing a request or the environment holds reaches it.
   */
  readonly workerScript?: URL;
}

/** Whether a run of `paths` paths goes to worker threads in a pool of `threads`. */
export function runsOnWorkers(paths: number, threads: number): boolean {
  return threads > 1 && paths >= PARALLEL_MIN_PATHS;
}

const CANCELLED = { ok: false, failure: { kind: 'cancelled' } } as const;

/**
 * One run on a pool made for it (closed afterwards): for one-off callers such as the command
 * line. A server keeps one `createSimulationPool` instead.
 */
export async function runSimulationParallel(run: PreparedRun, options: PoolRunOptions & PoolOptions = {}): Promise<ResultOutcome> {
  const pool = createSimulationPool(options);
  try {
    return await pool.run(run, options);
  } finally {
    await pool.close();
  }
}

/** A share of a batch's tasks, sent to one worker in one message. */
interface Job {
  readonly runId: number;
  readonly open: WorkerRequest & { type: 'open' };
  readonly tasks: readonly RunTask[];
  /** called once: when the tasks are done, failed (`error`) or dropped before they ran */
  readonly settle: (error?: Error, dropped?: boolean) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly opened: Set<number>;
  job?: Job;
}

export function createSimulationPool(options: PoolOptions = {}): SimulationPool {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const workers: PoolWorker[] = [];
  const queue: Job[] = [];
  const active = new Set<AbortController>();
  // Buffers of finished runs, by shape, for the next run of that shape: a worker thread rarely
  // collects garbage, so the SharedArrayBuffers it was sent would otherwise outlive their run.
  const spare = new Map<string, RunBuffers>();
  const shapeOf = (run: PreparedRun, streaming: boolean) => `${run.paths}/${run.plan.years.length}/${run.plan.sectorNames.length}/${streaming}`;
  let nextRunId = 1;
  let closed = false;

  /** Keeps a finished run's buffers for the next run of its shape: every cell is written again, so they need no clearing. */
  function keepSpare(shape: string, buffers: RunBuffers): void {
    spare.set(shape, buffers);
    while (spare.size > SPARE_BUFFER_SETS) spare.delete(spare.keys().next().value!);
  }

  function startWorker(): PoolWorker {
    const entry: PoolWorker = { worker: startWorkerThread(options.workerScript), opened: new Set() };
    let crash: Error | undefined;
    entry.worker.on('message', (reply: WorkerReply) => {
      const job = entry.job;
      entry.job = undefined;
      job?.settle(reply.type === 'failed' ? new Error(`simulation worker: ${reply.message}`) : undefined);
      dispatch();
    });
    // an error outside a task's try (out of memory, a bug): 'exit' follows
    entry.worker.on('error', (error) => {
      crash = error;
    });
    // A worker that stops on its own (that error, or process.exit): the run whose tasks it held
    // fails, and a new worker takes its place at once if work is waiting, else at the next
    // large run — so a worker script that cannot start does not spin.
    entry.worker.on('exit', (code) => {
      const index = workers.indexOf(entry);
      if (index === -1) return; // close() stopped it
      workers.splice(index, 1);
      const job = entry.job;
      entry.job = undefined;
      job?.settle(crash ?? new Error(`simulation worker thread ${entry.worker.threadId} stopped with exit code ${code}`));
      if (!closed && queue.length > 0) workers.push(startWorker());
      dispatch();
    });
    entry.worker.unref(); // an idle pool does not keep the process alive
    return entry;
  }

  function dispatch(): void {
    for (const entry of workers) {
      if (entry.job || queue.length === 0) continue;
      const job = queue.shift()!;
      entry.job = job;
      entry.worker.ref();
      if (!entry.opened.has(job.runId)) {
        entry.opened.add(job.runId);
        entry.worker.postMessage(job.open);
      }
      entry.worker.postMessage({ type: 'tasks', runId: job.runId, tasks: job.tasks } satisfies WorkerRequest);
    }
    for (const entry of workers) if (!entry.job) entry.worker.unref();
  }

  /** Executes the batches on the workers; false when the run was cancelled. */
  async function runOnWorkers(
    run: PreparedRun,
    buffers: RunBuffers,
    batches: Iterable<readonly RunTask[]>,
    signal: AbortSignal,
    onProgress?: (progress: RunProgress) => void,
  ): Promise<boolean> {
    while (workers.length < threads) workers.push(startWorker());
    const runId = nextRunId++;
    const open: Job['open'] = { type: 'open', runId, plan: run.plan, seed: run.seed, buffers };
    const done = { pathYears: 0 };
    // an abort or a failed task drops the run's tasks still waiting; those running finish first
    const dropQueued = () => {
      const dropped = queue.filter((job) => job.runId === runId);
      queue.splice(0, queue.length, ...queue.filter((job) => job.runId !== runId));
      for (const job of dropped) job.settle(undefined, true);
    };
    signal.addEventListener('abort', dropQueued);
    try {
      for (const batch of batches) {
        if (signal.aborted) return false;
        const finished = batchShares(batch, threads).map(
          (tasks) =>
            new Promise<void>((resolve, reject) => {
              queue.push({
                runId,
                open,
                tasks,
                settle: (error, dropped) => {
                  if (error) {
                    dropQueued();
                    return reject(error);
                  }
                  for (const task of dropped || signal.aborted ? [] : tasks) {
                    const progress = progressAfter(run, task, done);
                    if (progress) onProgress?.(progress);
                  }
                  resolve();
                },
              });
            }),
        );
        dispatch();
        // wait for every task of the batch, so no worker still writes into the buffers
        const failed = (await Promise.allSettled(finished)).find((outcome) => outcome.status === 'rejected');
        if (failed) throw failed.reason;
      }
      return !signal.aborted;
    } finally {
      signal.removeEventListener('abort', dropQueued);
      for (const entry of workers) {
        if (entry.opened.delete(runId)) entry.worker.postMessage({ type: 'close', runId } satisfies WorkerRequest);
      }
    }
  }

  /** Runs `work` with one abort controller per run: the caller's signal or close() aborts it. */
  async function withController<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (closed) throw new Error('the simulation pool is closed');
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
    run(run, options = {}) {
      const { onProgress, streaming, onWorkers } = options;
      return withController(options.signal, async (signal) => {
        if (!(threads > 1 && (onWorkers || runsOnWorkers(run.paths, threads)))) {
          return runOnThisThread(run, createRunBuffers(run, undefined, streaming), signal, onProgress);
        }
        const shape = shapeOf(run, streaming ?? run.paths >= STREAM_MIN_PATHS);
        const buffers = spare.get(shape) ?? createRunBuffers(run, (bytes) => new SharedArrayBuffer(bytes), streaming);
        spare.delete(shape);
        const tally = createRunTally(run);
        if (!(await runOnWorkers(run, buffers, runBatches(run, buffers, tally), signal, onProgress))) return CANCELLED;
        keepSpare(shape, buffers);
        return resultFromTally(run, buffers.output.series, buffers.statistics, tally);
      });
    },
    simulate(run, options = {}) {
      return withController(options.signal, async (signal) => {
        const tasks = simulateTasks(run, 0, run.plan.years.length);
        const output = createSimulationOutput(run.plan, run.paths);
        if (threads > 1 && (options.onWorkers || runsOnWorkers(run.paths, threads))) {
          // the workers write into a reused shared set; the caller gets an ordinary copy, which
          // V8 frees like any other buffer (it is slow to free SharedArrayBuffers)
          const shape = `${shapeOf(run, false)}/simulate`;
          const buffers = spare.get(shape) ?? createRunBuffers(run, (bytes) => new SharedArrayBuffer(bytes), false);
          spare.delete(shape);
          if (!(await runOnWorkers(run, buffers, [tasks], signal, options.onProgress))) return CANCELLED;
          buffers.output.values.forEach((values, s) => output.values[s]!.set(values));
          output.regime.set(buffers.output.regime);
          keepSpare(shape, buffers);
        } else {
          const done = { pathYears: 0 };
          for (const task of tasks) {
            if (signal.aborted) return CANCELLED;
            simulatePathsInto(run.plan, output, { seed: run.seed, start: task.start, end: task.end });
            const progress = progressAfter(run, task, done);
            if (progress) options.onProgress?.(progress);
          }
        }
        return { ok: true, output };
      });
    },
    async close() {
      closed = true;
      spare.clear();
      for (const controller of active) controller.abort();
      const stopping = workers.splice(0);
      await Promise.all(stopping.map((entry) => entry.worker.terminate()));
      // tasks that were running when their worker stopped: their runs resolve as cancelled
      for (const entry of stopping) {
        const job = entry.job;
        entry.job = undefined;
        job?.settle(undefined, true);
      }
    },
    workerThreadIds: () => workers.map((entry) => entry.worker.threadId),
  };
}

/**
 * A batch in SHARES_OF_A_BATCH_PER_THREAD × threads shares of consecutive tasks, one message
 * each. Every message costs a turn of the calling thread's event loop, which a busy server
 * makes long (requests are parsed and validated there), so a task per message starved large
 * runs under load; a few shares per thread still leave chances to report progress and stop.
 */
function batchShares(batch: readonly RunTask[], threads: number): RunTask[][] {
  // sizes differ by at most one task, so no thread is left with a long tail of the batch
  const count = Math.min(batch.length, SHARES_OF_A_BATCH_PER_THREAD * threads);
  const shares: RunTask[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(batch.length / count) + (i < batch.length % count ? 1 : 0);
    shares.push(batch.slice(start, start + size));
    start += size;
  }
  return shares;
}

/** The calling thread, giving the event loop a turn about every EVENT_LOOP_TURN_MS so an abort can land. */
async function runOnThisThread(run: PreparedRun, buffers: RunBuffers, signal: AbortSignal, onProgress?: (progress: RunProgress) => void): Promise<ResultOutcome> {
  const tally = createRunTally(run);
  let turn = performance.now();
  if (signal.aborted) return CANCELLED;
  for (const progress of callingThreadSteps(run, buffers, tally)) {
    onProgress?.(progress);
    if (performance.now() - turn > EVENT_LOOP_TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
    if (signal.aborted) return CANCELLED;
  }
  return resultFromTally(run, buffers.output.series, buffers.statistics, tally);
}

/**
 * Starts a worker on `script` (default: simulationWorker, the compiled file next to this one).
 * When the script is TypeScript source (tests), it loads through tsx.
 */
function startWorkerThread(script?: URL): Worker {
  const fromSource = fileURLToPath(import.meta.url).endsWith('.ts');
  const entry = script ?? new URL(fromSource ? './simulationWorker.ts' : './simulationWorker.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  // tsx's ESM entry (the package's "import" condition), found from its package.json
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const loader = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
