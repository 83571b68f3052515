import type { FastifyReply } from 'fastify';
import type { AnalysisOutcome } from '../analysis/analysisContext.js';
import type { Runner } from '../run/runner.js';
import { exceededLimit, type WorkCount } from '../run/workCount.js';
import { problemFromIssues, type ApiProblem } from './apiProblem.js';
import { workLimitsOf, type ServerLimits } from './limits.js';
import type { RunEnd, RunTracker } from './runTracker.js';

export interface RunContext {
  readonly limits: Pick<ServerLimits, 'maxPathYears' | 'maxRunMemoryMb' | 'runTimeoutMs' | 'maxConcurrentRuns'>;
  readonly runs: RunTracker;
  readonly runner: Runner;
}

/**
 * One request's computation — a simulation or an analysis — as the limits see it: how much
 * work it is, and how to compute it so that it stops soon after its signal aborts.
 */
export interface LimitedJob<R> {
  /** what it is, for messages: "simulation", "comparison", "sensitivity analysis", "back-test" */
  readonly what: string;
  readonly work: WorkCount;
  /**
   * the unit of the progress it reports; `paths` and `simulated paths` (engine paths) add to
   * the health route's `pathsSimulated`, `steps` do not
   */
  readonly unit: 'paths' | 'simulated paths' | 'steps';
  /** fields of its log line */
  readonly log: Readonly<Record<string, unknown>>;
  /** computes it; `{kind: 'cancelled'}` once `signal` aborts */
  compute(options: { readonly signal: AbortSignal; readonly onProgress: (progress: { readonly done: number; readonly total: number }) => void }): Promise<AnalysisOutcome<R>>;
}

export type LimitedOutcome<R> = { readonly ok: true; readonly result: R } | { readonly ok: false; readonly problem: ApiProblem };

/** Why a run's signal aborted. */
type StopReason = 'timeout' | 'client-closed';

/**
 * Computes a job for one request, within the server's limits: the cap on its work (counted
 * before it starts), the number of runs at once, the time limit, and the client — when its
 * connection closes before the answer is sent, the job stops at the first chunk boundary after
 * the server sees the close (it reads the socket between chunks: two or three chunks, measured).
 */
export async function runWithinLimits<R>(job: LimitedJob<R>, reply: FastifyReply, context: RunContext): Promise<LimitedOutcome<R>> {
  const { limits, runs } = context;
  const workLimits = workLimitsOf(limits);
  if (exceededLimit(job.work, workLimits)) return { ok: false, problem: { kind: 'work-limit', work: job.work, limits: workLimits } };
  if (!runs.tryStart()) return { ok: false, problem: { kind: 'busy', maxConcurrentRuns: limits.maxConcurrentRuns } };

  const controller = new AbortController();
  const stop = (reason: StopReason) => controller.abort(reason);
  const timer = setTimeout(stop, limits.runTimeoutMs, 'timeout');
  // 'close' on the response: sent, or the connection dropped before it could be
  const onClose = () => reply.raw.writableFinished || stop('client-closed');
  reply.raw.on('close', onClose);
  const started = performance.now();
  const progress = { done: 0, total: 0 };
  let end: RunEnd = 'failed';
  try {
    const outcome = await job.compute({
      signal: controller.signal,
      onProgress: ({ done, total }) => {
        if (job.unit !== 'steps') runs.addPaths(done - progress.done);
        progress.done = done;
        progress.total = total;
      },
    });
    if (outcome.ok) {
      end = 'completed';
      return outcome;
    }
    if ('issues' in outcome) return { ok: false, problem: problemFromIssues(outcome.issues) };
    if (outcome.failure.kind !== 'cancelled') return { ok: false, problem: { kind: 'model-failure', failure: outcome.failure } };
    const reason = controller.signal.reason as StopReason;
    end = reason === 'timeout' ? 'timedOut' : 'cancelled';
    if (reason === 'client-closed') return { ok: false, problem: { kind: 'client-closed' } };
    return { ok: false, problem: { kind: 'timeout', what: job.what, limitMs: limits.runTimeoutMs, ...progress, unit: job.unit, field: job.work.field } };
  } finally {
    clearTimeout(timer);
    reply.raw.off('close', onClose);
    runs.finish(end);
    const fields = { ...job.log, done: progress.done, total: progress.total, ms: Math.round(performance.now() - started) };
    if (end === 'completed') reply.log.info(fields, 'run completed');
    else reply.log.warn(fields, `run ${end}`);
  }
}
