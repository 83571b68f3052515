import { SHARES_OF_A_BATCH_PER_THREAD, SPARE_BUFFER_SETS } from '../core/defaults.js';
import type { KernelName } from '../core/simulationKernel.js';
import type { PreparedRun } from './preparedRun.js';
import { summariseInSession } from './driveSession.js';
import type { RunBackend, RunSession } from './runBackend.js';
import { createRunBuffers, type RunBuffers, type RunTask } from './runTasks.js';
import type { SimulationWorkerReply, SimulationWorkerRequest } from './simulationWorker.js';
import { createWorkerPool, siblingScript, type PoolSession } from './workerPool.js';

export interface WorkerPoolBackendOptions {
  /** worker threads (default: the machine's available parallelism) */
  readonly threads?: number;
  /** the kernel the workers run */
  readonly kernel: KernelName;
  /**
   * The worker's script (default: simulationWorker). Only tests set it, to a script that wraps
   * simulationWorker and crashes on cue: nothing a request or the environment holds reaches it.
   */
  readonly workerScript?: URL;
}

/**
 * A local pool of worker threads as a backend (simulationWorker.ts runs the tasks). A run's
 * buffers are SharedArrayBuffers that the workers write into; its plan (plain data) is sent
 * once to each worker that takes one of its tasks. The draws of a path depend only on (seed,
 * path), so the bytes of the result are the same for any number of threads.
 */
export function workerPoolBackend(options: WorkerPoolBackendOptions): RunBackend {
  const pool = createWorkerPool<SimulationWorkerRequest, SimulationWorkerReply>({
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    script: options.workerScript ?? siblingScript(import.meta.url, 'simulationWorker'),
    failed: (reply) => reply.type === 'failed',
  });
  // Buffers of finished runs, by shape, for the next run of that shape: a worker thread rarely
  // collects garbage, so the SharedArrayBuffers it was sent would otherwise outlive their run.
  const spare = new Map<string, RunBuffers>();
  const shapeOf = (run: PreparedRun, streaming: boolean, design: boolean) =>
    `${run.paths}/${run.plan.years.length}/${run.plan.sectorNames.length}/${run.plan.parameters.length}/${streaming}/${design}`;
  let nextRunId = 1;

  const backend: RunBackend = {
    kind: 'worker-pool',
    threads: pool.threads,
    runsInFlight: 1,
    openSession(run, streaming, design = {}): RunSession {
      const hasDesign = design.parameterUniforms !== undefined || design.pathKeys !== undefined;
      const shape = shapeOf(run, streaming, hasDesign);
      let buffers = spare.get(shape);
      spare.delete(shape);
      if (buffers && hasDesign) {
        // a reused set keeps its shape; the design's numbers are this run's
        if (design.parameterUniforms) buffers.parameterUniforms!.set(design.parameterUniforms);
        if (design.pathKeys) buffers.pathKeys!.set(design.pathKeys);
      }
      buffers ??= createRunBuffers(run, (bytes) => new SharedArrayBuffer(bytes), streaming, design);
      const runId = nextRunId++;
      const session: PoolSession<SimulationWorkerRequest> = {
        id: runId,
        open: { type: 'open', runId, plan: run.plan, seed: run.seed, buffers, kernel: options.kernel },
        close: { type: 'close', runId },
      };
      const sessionBuffers = buffers;
      return {
        buffers,
        shared: true,
        async execute(batch, signal, onTaskDone) {
          if (signal.aborted) return false;
          // an abort drops the tasks still queued; those running finish first
          const stop = () => pool.endSession(session);
          signal.addEventListener('abort', stop);
          try {
            // a failed task (or a dead worker) drops the run's other queued tasks at once
            const shares = batchShares(batch, pool.threads).map(async (tasks) => {
              const outcome = await pool.submit({ type: 'tasks', runId, tasks }, session).catch((error: unknown) => {
                stop();
                throw error;
              });
              if (outcome.kind !== 'done') return; // dropped (no control signal reaches this pool's jobs, so never terminated)
              if (outcome.reply.type === 'failed') {
                stop();
                throw new Error(`simulation worker: ${outcome.reply.message}`);
              }
              if (!signal.aborted) for (const task of tasks) onTaskDone(task);
            });
            // wait for every share, so no worker still writes into the buffers
            const failed = (await Promise.allSettled(shares)).find((outcome) => outcome.status === 'rejected');
            if (failed) throw failed.reason;
            return !signal.aborted;
          } finally {
            signal.removeEventListener('abort', stop);
          }
        },
        end(reuseBuffers) {
          pool.endSession(session);
          if (!reuseBuffers) return;
          spare.set(shape, sessionBuffers);
          while (spare.size > SPARE_BUFFER_SETS) spare.delete(spare.keys().next().value!);
        },
      };
    },
    summarise: (run, request) => summariseInSession(backend, run, request),
    async close() {
      spare.clear();
      await pool.close();
    },
    workerThreadIds: () => pool.workerThreadIds(),
  };
  return backend;
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
