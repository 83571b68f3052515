import type { AnalysisProgress } from '../analysis/analysisContext.js';
import type { ModelFailure } from '../core/modelFailure.js';
import type { Runner } from '../run/runner.js';
import { serializeResult } from '../run/serializeResult.js';
import { exceededLimit, type WorkLimits } from '../run/workCount.js';
import { problemFromIssues, type ApiProblem } from './apiProblem.js';
import { QueueError } from '../run/queueError.js';
import { COMPUTE_JOBS, type ComputeJob, type ComputeJobName, type PlannedJob } from './computeJobs.js';
import type { ScenarioCatalog } from './scenarioCatalog.js';

/** How a request's computation ended, as plain data (it crosses from a worker thread). */
export type ComputeOutcome =
  /** the result as the bytes the command line prints with `--format json` */
  | { readonly kind: 'result'; readonly text: string; readonly log: Readonly<Record<string, unknown>> }
  /** refused or invalid: answered with the problem's status */
  | { readonly kind: 'problem'; readonly problem: ApiProblem; readonly log?: Readonly<Record<string, unknown>> }
  /** the model could not run, or the computation was cancelled */
  | { readonly kind: 'failure'; readonly failure: ModelFailure; readonly log: Readonly<Record<string, unknown>> };

export interface ComputeJobContext {
  readonly catalog: ScenarioCatalog;
  readonly runner: Runner;
  readonly limits: WorkLimits;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: AnalysisProgress) => void;
}

/**
 * A request's computation from its parsed body: resolve its scenarios, plan and count the work,
 * refuse it over the limits (before anything large is allocated), compute, and serialize the
 * result. Runs on a compute worker (computeWorker.ts), so none of it takes the server's thread.
 */
export async function runComputeJob(name: ComputeJobName, body: unknown, context: ComputeJobContext): Promise<ComputeOutcome> {
  const job = COMPUTE_JOBS[name] as ComputeJob<unknown>; // the route parsed `body` with this job's schema
  const { entries, at } = job.scenarios(body);
  const scenarios = context.catalog.resolveEntries(entries, at);
  if (!scenarios.ok) return { kind: 'problem', problem: scenarios.problem };
  const planned = job.plan(body, scenarios.resolved);
  if (!planned.ok) return { kind: 'problem', problem: planned.problem };
  const { work, log } = planned;
  if (exceededLimit(work, context.limits)) return { kind: 'problem', problem: { kind: 'work-limit', work, limits: context.limits }, log };
  let outcome: Awaited<ReturnType<PlannedJob['compute']>>;
  try {
    outcome = await planned.compute({ runner: context.runner, signal: context.signal, onProgress: context.onProgress });
  } catch (error) {
    // a queue that cannot take the run (TRADECAST_QUEUE): 503, the rest of the server serves on
    if (error instanceof QueueError) return { kind: 'problem', problem: { kind: 'queue-unavailable', message: error.message }, log };
    throw error;
  }
  if (outcome.ok) return { kind: 'result', text: serializeResult(outcome.result), log };
  if ('issues' in outcome) return { kind: 'problem', problem: problemFromIssues(outcome.issues), log };
  return { kind: 'failure', failure: outcome.failure, log };
}
