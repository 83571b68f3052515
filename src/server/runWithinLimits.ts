import type { FastifyReply } from 'fastify';
import type { ApiProblem } from './apiProblem.js';
import { COMPUTE_JOBS, type ComputeBody, type ComputeJobName } from './computeJobs.js';
import type { ComputePool } from './computePool.js';
import { workLimitsOf, type ServerLimits } from './limits.js';
import type { RunEnd, RunTracker } from './runTracker.js';
import type { ScenarioCatalog } from './scenarioCatalog.js';

export interface RunContext {
  readonly limits: Pick<ServerLimits, 'maxPathYears' | 'maxRunMemoryMb' | 'runTimeoutMs' | 'maxConcurrentRuns'>;
  readonly runs: RunTracker;
  /** where requests compute: worker threads, never the server's own */
  readonly compute: ComputePool;
  /** the shipped scenarios, for the routes that read them on the server's thread */
  readonly catalog: ScenarioCatalog;
}

/** The answer to a request that computes: the result's bytes, or a problem. */
export type LimitedOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: ApiProblem };

/** Why a computation's signal aborted. */
type StopReason = 'timeout' | 'client-closed';

/**
 * Computes a request within the server's limits. It is admitted first — a slot among
 * `maxConcurrentRuns`, or 503 busy at once — before any file is read; then a compute worker
 * resolves its scenarios, counts its work and memory against the caps (400 work-limit), and
 * computes it. The time limit runs from when a worker takes it (an admitted request may wait
 * for one while those admitted before it compute); when it passes, or the client's connection
 * closes before the answer is sent, the computation is stopped (computePool.ts says how).
 */
export async function runWithinLimits<Name extends ComputeJobName>(name: Name, body: ComputeBody<Name>, reply: FastifyReply, context: RunContext): Promise<LimitedOutcome> {
  const { limits, runs } = context;
  const job = COMPUTE_JOBS[name];
  if (!runs.tryStart()) return { ok: false, problem: { kind: 'busy', maxConcurrentRuns: limits.maxConcurrentRuns } };

  const controller = new AbortController();
  const stop = (reason: StopReason) => controller.abort(reason);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // 'close' on the response: sent, or the connection dropped before it could be
  const onClose = () => reply.raw.writableFinished || stop('client-closed');
  reply.raw.on('close', onClose);
  const started = performance.now();
  const progress = { done: 0, total: 0 };
  let end: RunEnd = 'failed';
  let log: Readonly<Record<string, unknown>> = { route: name };
  try {
    const outcome = await context.compute.compute(name, body, workLimitsOf(limits), {
      signal: controller.signal,
      onStart: () => (timer = setTimeout(stop, limits.runTimeoutMs, 'timeout')),
      onProgress: ({ done, total }) => {
        if (job.unit !== 'steps') runs.addPaths(done - progress.done);
        progress.done = done;
        progress.total = total;
      },
    });
    if ('log' in outcome && outcome.log) log = { ...log, ...outcome.log };
    if (controller.signal.aborted) {
      // stopped (whatever the worker managed to answer meanwhile): say why
      const reason = controller.signal.reason as StopReason;
      end = reason === 'timeout' ? 'timedOut' : 'cancelled';
      if (reason === 'client-closed') return { ok: false, problem: { kind: 'client-closed' } };
      return { ok: false, problem: { kind: 'timeout', what: job.what, limitMs: limits.runTimeoutMs, ...progress, unit: job.unit, field: job.field } };
    }
    switch (outcome.kind) {
      case 'result':
        end = 'completed';
        return { ok: true, text: outcome.text };
      case 'problem':
        end = 'refused';
        return { ok: false, problem: outcome.problem };
      case 'failure':
        return { ok: false, problem: { kind: 'model-failure', failure: outcome.failure } };
      case 'error':
        reply.log.error({ ...log, err: { message: outcome.message } }, 'internal error');
        return { ok: false, problem: { kind: 'internal' } };
      case 'stopped':
        return { ok: false, problem: { kind: 'internal' } }; // the pool closed under it: the server is stopping
      default:
        return outcome satisfies never;
    }
  } finally {
    clearTimeout(timer);
    reply.raw.off('close', onClose);
    runs.finish(end);
    const fields = { ...log, done: progress.done, total: progress.total, ms: Math.round(performance.now() - started) };
    if (end === 'completed' || end === 'refused') reply.log.info(fields, `run ${end}`);
    else reply.log.warn(fields, `run ${end}`);
  }
}
