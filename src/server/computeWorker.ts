import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { WORKER_IDLE_GC_MS } from '../core/defaults.js';
import { createRunner, type Runner } from '../run/runner.js';
import type { WorkLimits } from '../run/workCount.js';
import type { ComputeJobName } from './computeJobs.js';
import { COMPUTE_THREAD_NICENESS, PROGRESS_MESSAGE_MS } from './limits.js';
import { runComputeJob, type ComputeOutcome } from './runComputeJob.js';
import { openQueueForRuns, type QueueForRuns } from './queueForRuns.js';
import { createScenarioCatalog } from './scenarioCatalog.js';

/**
 * A compute worker: a thread of the server's compute pool (computePool.ts) that runs whole
 * requests — simulations and analyses, the same functions the command line runs — one at a
 * time, on a runner of its own thread. Between chunks of work that runner and the analyses'
 * checkpoints give this thread's event loop a turn, so a `cancel` message is read within about
 * EVENT_LOOP_TURN_MS; progress goes back at most every PROGRESS_MESSAGE_MS.
 */

export type ComputeRequest =
  | { readonly type: 'job'; readonly job: ComputeJobName; readonly body: unknown; readonly limits: WorkLimits; readonly queue?: QueueForRuns }
  /** stop the job this worker holds (the pool sends it only to the worker running the job) */
  | { readonly type: 'cancel' };

export type ComputeReply =
  /** the worker has begun the job: its time limit starts */
  | { readonly type: 'started' }
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'outcome'; readonly outcome: ComputeOutcome }
  /** a bug in the job's code: the server logs it and answers 500 */
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('computeWorker.ts runs as a worker thread of the server’s compute pool');

// The server's own thread outranks this one: on a machine with as many busy threads as cores,
// the thread that answers (health, refusals, results) gets the CPU first and the computing waits
// its turn. Linux only (a thread is a task there, with a nice value of its own); elsewhere the
// threads keep the process's priority.
try {
  const task = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(task)) setPriority(task, COMPUTE_THREAD_NICENESS);
} catch {
  // no /proc/thread-self, or not allowed: the same priority as the server's thread
}

const catalog = createScenarioCatalog();
const localRunner = createRunner(); // this thread: the pool's threads are the parallelism
/** with TRADECAST_QUEUE, a runner that sends runs from its size up to the queue (connected once, on first use) */
let queueRunner: Promise<Runner> | undefined;
const runnerFor = (queue: QueueForRuns | undefined): Promise<Runner> => {
  if (!queue) return Promise.resolve(localRunner);
  queueRunner ??= openQueueForRuns(queue.address, process.stderr).then((backend) => createRunner({ queue: { backend, minPaths: queue.minPaths } }));
  return queueRunner;
};
let running: AbortController | undefined;

// A finished job's arrays are garbage once it answers; collect them when the worker has been idle
// for WORKER_IDLE_GC_MS, so an idle server does not keep the last large run's memory.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
let idleCollection: ReturnType<typeof setTimeout> | undefined;

port.on('message', (request: ComputeRequest) => {
  if (request.type === 'cancel') {
    running?.abort();
    return;
  }
  clearTimeout(idleCollection);
  port.postMessage({ type: 'started' } satisfies ComputeReply);
  const controller = new AbortController();
  running = controller;
  let lastProgress = 0;
  const onProgress = ({ done, total }: { readonly done: number; readonly total: number }) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_MESSAGE_MS && done < total) return;
    lastProgress = now;
    port.postMessage({ type: 'progress', done, total } satisfies ComputeReply);
  };
  runnerFor(request.queue)
    .then((runner) => runComputeJob(request.job, request.body, { catalog, runner, limits: request.limits, signal: controller.signal, onProgress }))
    .then(
      (outcome) => port.postMessage({ type: 'outcome', outcome } satisfies ComputeReply),
      (error: unknown) => port.postMessage({ type: 'error', message: (error as Error).stack ?? String(error) } satisfies ComputeReply),
    )
    .finally(() => {
      if (running === controller) running = undefined;
      idleCollection = setTimeout(collectGarbage, WORKER_IDLE_GC_MS).unref();
    });
});
