import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import type { ModelPlan } from '../core/modelPlan.js';
import { WORKER_IDLE_GC_MS } from '../core/defaults.js';
import type { KernelName, SimulationKernel } from '../core/simulationKernel.js';
import { kernelNamed } from './kernelChoice.js';
import { createTaskWorkspace, executeTask, type RunBuffers, type RunTask, type TaskWorkspace } from './runTasks.js';

/**
 * A worker thread of the worker-pool backend (workerPoolBackend.ts). It holds the plans and
 * buffers of the runs it has been sent (plain data; the buffers are SharedArrayBuffers, so it
 * writes straight into the run's memory) and executes the tasks of one message after another,
 * answering once for all of them.
 */

export type SimulationWorkerRequest =
  | { readonly type: 'open'; readonly runId: number; readonly plan: ModelPlan; readonly seed: number; readonly buffers: RunBuffers; readonly kernel: KernelName }
  | { readonly type: 'tasks'; readonly runId: number; readonly tasks: readonly RunTask[] }
  | { readonly type: 'close'; readonly runId: number };

export type SimulationWorkerReply = { readonly type: 'done' } | { readonly type: 'failed'; readonly message: string };

interface OpenRun {
  readonly plan: ModelPlan;
  readonly seed: number;
  readonly buffers: RunBuffers;
  readonly workspace: TaskWorkspace;
  readonly kernel: SimulationKernel;
}

const port = parentPort;
if (!port) throw new Error('simulationWorker.ts runs as a worker thread of the worker-pool backend');
const runs = new Map<number, OpenRun>();

// A worker allocates almost nothing of its own, so V8 would not collect its handles on a
// finished run's SharedArrayBuffers — and so their memory — for a long time: collect them
// once the worker has had no run for WORKER_IDLE_GC_MS (a full collection of this small heap
// takes about a millisecond). Not at every close: a forced collection leaves the next run's
// first tasks about twice as slow (measured: 100k paths on 2 threads, 650 ms against 430 ms),
// which would cost back-to-back runs their speed-up.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
let idleCollection: ReturnType<typeof setTimeout> | undefined;

port.on('message', (request: SimulationWorkerRequest) => {
  switch (request.type) {
    case 'open':
      clearTimeout(idleCollection);
      runs.set(request.runId, { ...request, workspace: createTaskWorkspace(request.buffers.output.paths), kernel: kernelNamed(request.kernel) });
      return;
    case 'close':
      runs.delete(request.runId);
      clearTimeout(idleCollection);
      if (runs.size === 0) idleCollection = setTimeout(collectGarbage, WORKER_IDLE_GC_MS).unref();
      return;
    case 'tasks': {
      let reply: SimulationWorkerReply = { type: 'done' };
      try {
        const run = runs.get(request.runId);
        if (!run) throw new Error(`run ${request.runId} was not opened on this worker`);
        for (const task of request.tasks) executeTask(run.plan, run.seed, run.buffers, task, run.workspace, run.kernel);
      } catch (error) {
        reply = { type: 'failed', message: (error as Error).stack ?? String(error) };
      }
      port.postMessage(reply);
    }
  }
});
