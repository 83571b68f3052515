import type { WorkLimits } from '../run/workCount.js';
import { createWorkerPool, siblingScript } from '../run/workerPool.js';
import type { ComputeJobName } from './computeJobs.js';
import type { ComputeReply, ComputeRequest } from './computeWorker.js';
import { STOP_GRACE_MS } from './limits.js';
import type { QueueForRuns } from './queueForRuns.js';
import type { ComputeOutcome } from './runComputeJob.js';

export interface ComputePoolOptions {
  /** worker threads (default: the machine's available parallelism) */
  readonly threads?: number;
  /**
   * The worker's script (default: computeWorker). Only tests set it, to a script that wraps
   * computeWorker and crashes on cue: nothing a request or the environment holds reaches it.
   */
  readonly workerScript?: URL;
  /** a queue of workers for runs from a size up (TRADECAST_QUEUE); each compute worker connects to it when it first needs it */
  readonly queue?: QueueForRuns;
}

/** How a computation ended, seen from the server's thread. */
export type PoolOutcome =
  | ComputeOutcome
  /** its signal aborted before it started, or its worker had to be terminated */
  | { readonly kind: 'stopped' }
  /** a bug in the job's code, or its worker died: the detail is for the log only */
  | { readonly kind: 'error'; readonly message: string };

/**
 * The server's compute pool: worker threads (computeWorker.ts) that run whole requests, so the
 * server's own thread only parses, admits, relays progress and answers — `GET /api/health`
 * stays fast however much is computing. A request's signal stops its job: dropped while it
 * waits for a thread; running, its worker is sent `cancel` and, if it has not answered within
 * STOP_GRACE_MS, terminated and replaced.
 */
export interface ComputePool {
  readonly threads: number;
  compute(
    job: ComputeJobName,
    body: unknown,
    limits: WorkLimits,
    control: {
      readonly signal: AbortSignal;
      readonly onProgress: (progress: { readonly done: number; readonly total: number }) => void;
      /** a worker has begun the job (it may wait for one while earlier jobs compute, and for a new thread to start) */
      readonly onStart: () => void;
    },
  ): Promise<PoolOutcome>;
  /** Stops the workers; jobs still going end `stopped`. */
  close(): Promise<void>;
  /** Thread ids of the live workers (none before the first request that computes). */
  workerThreadIds(): readonly number[];
}

export function createComputePool(options: ComputePoolOptions = {}): ComputePool {
  const pool = createWorkerPool<ComputeRequest, ComputeReply>({
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    script: options.workerScript ?? siblingScript(import.meta.url, 'computeWorker'),
    isUpdate: (reply) => reply.type === 'progress' || reply.type === 'started',
  });
  return {
    threads: pool.threads,
    async compute(job, body, limits, { signal, onProgress, onStart }) {
      try {
        const outcome = await pool.submit({ type: 'job', job, body, limits, ...(options.queue ? { queue: options.queue } : {}) }, undefined, {
          signal,
          cancel: { type: 'cancel' },
          terminateAfterMs: STOP_GRACE_MS,
          onUpdate: (update) => (update.type === 'started' ? onStart() : update.type === 'progress' && onProgress(update)),
        });
        if (outcome.kind !== 'done') return { kind: 'stopped' };
        const { reply } = outcome;
        if (reply.type === 'outcome') return reply.outcome;
        return { kind: 'error', message: reply.type === 'error' ? reply.message : `unexpected reply ${reply.type}` };
      } catch (error) {
        return { kind: 'error', message: (error as Error).message }; // the worker died under the job
      }
    },
    close: () => pool.close(),
    workerThreadIds: () => pool.workerThreadIds(),
  };
}
