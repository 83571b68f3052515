import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { PreparedRun, SimulationResult } from '../analysis/runSimulation.js';
import type { SimulationRunner } from '../analysis/runSimulationAsync.js';
import type { ApiProblem } from './apiProblem.js';
import type { ServerLimits } from './limits.js';
import type { RunEnd, RunTracker } from './runTracker.js';

export interface RunContext {
  readonly limits: Pick<ServerLimits, 'maxPathYears' | 'runTimeoutMs' | 'maxConcurrentRuns'>;
  readonly runs: RunTracker;
  readonly runner: SimulationRunner;
}

export type LimitedOutcome = { readonly ok: true; readonly result: SimulationResult } | { readonly ok: false; readonly problem: ApiProblem };

/** Why a run's signal aborted. */
type StopReason = 'timeout' | 'client-closed';

/**
 * Runs a prepared simulation for one request, within the server's limits: the cap on paths ×
 * years, the number of runs at once, the time limit, and the client — when its connection
 * closes before the answer is sent, the run stops at the first chunk boundary after the
 * server sees the close (it reads the socket between chunks: two or three chunks, measured).
 */
export async function runWithinLimits(run: PreparedRun, reply: FastifyReply, context: RunContext): Promise<LimitedOutcome> {
  const { limits, runs, runner } = context;
  const years = run.plan.years.length;
  if (run.paths * years > limits.maxPathYears) return { ok: false, problem: { kind: 'work-limit', paths: run.paths, years, maxPathYears: limits.maxPathYears } };
  if (!runs.tryStart()) return { ok: false, problem: { kind: 'busy', maxConcurrentRuns: limits.maxConcurrentRuns } };

  const controller = new AbortController();
  const stop = (reason: StopReason) => controller.abort(reason);
  const timer = setTimeout(stop, limits.runTimeoutMs, 'timeout');
  // 'close' on the response: sent, or the connection dropped before it could be
  const onClose = () => reply.raw.writableFinished || stop('client-closed');
  reply.raw.on('close', onClose);
  const started = performance.now();
  let pathsDone = 0;
  let end: RunEnd = 'failed';
  try {
    const outcome = await runner(run, {
      signal: controller.signal,
      onProgress: ({ done }) => {
        runs.addPaths(done - pathsDone);
        pathsDone = done;
      },
    });
    if (outcome.ok) {
      end = 'completed';
      return outcome;
    }
    if (outcome.failure.kind !== 'cancelled') return { ok: false, problem: { kind: 'model-failure', failure: outcome.failure } };
    const reason = controller.signal.reason as StopReason;
    end = reason === 'timeout' ? 'timedOut' : 'cancelled';
    return { ok: false, problem: reason === 'timeout' ? { kind: 'timeout', limitMs: limits.runTimeoutMs, pathsDone, paths: run.paths } : { kind: 'client-closed' } };
  } finally {
    clearTimeout(timer);
    reply.raw.off('close', onClose);
    runs.finish(end);
    logRun(reply.log, run, end, pathsDone, performance.now() - started);
  }
}

function logRun(log: FastifyBaseLogger, run: PreparedRun, end: RunEnd, pathsDone: number, milliseconds: number): void {
  const fields = { scenario: run.id, paths: run.paths, pathsDone, seed: run.seed, horizon: run.horizon, ms: Math.round(milliseconds) };
  if (end === 'completed') log.info(fields, 'run completed');
  else log.warn(fields, `run ${end}`);
}
