import { EVENT_LOOP_TURN_MS } from '../core/defaults.js';
import type { ModelFailure } from '../core/modelFailure.js';
import type { Runner } from '../run/runner.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/** Progress of a long analysis, reported between chunks of work. */
export interface AnalysisProgress {
  /** what is being done, e.g. "simulating escalation" or "Sobol design" */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/** Result of an analysis: data, or the reason it could not be produced. */
export type AnalysisOutcome<R> = { readonly ok: true; readonly result: R } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } | { readonly ok: false; readonly failure: ModelFailure };

/**
 * What an analysis runs with: the runner its simulations go through (the calling thread or a
 * worker pool), a signal that stops it — its simulations within a chunk of paths, its own
 * computing at the next `checkpoint` — and where its progress goes.
 */
export interface AnalysisContext {
  readonly runner: Runner;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AnalysisProgress) => void;
}

export const CANCELLED: { readonly ok: false; readonly failure: ModelFailure } = { ok: false, failure: { kind: 'cancelled' } };

/**
 * Between two chunks of an analysis's own computing (not its simulations, which the runner
 * paces): gives the event loop a turn, so a server stays responsive and sees a client going
 * away, and says whether to go on (false once the signal aborted).
 */
export async function checkpoint(context: AnalysisContext): Promise<boolean> {
  if (context.signal?.aborted) return false;
  await new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
  return !context.signal?.aborted;
}

/**
 * A checkpoint for the inside of a long loop (a bootstrap's resamples): each call costs a
 * clock read, and only once EVENT_LOOP_TURN_MS have passed since the last turn does it give
 * the event loop one (as `checkpoint`), so a stop lands within that time and one step of the
 * loop. Resolves false once the signal aborted.
 */
export function pacedCheckpoint(context: Pick<AnalysisContext, 'signal'>): () => Promise<boolean> {
  let turn = performance.now();
  return async () => {
    if (context.signal?.aborted) return false;
    if (performance.now() - turn < EVENT_LOOP_TURN_MS) return true;
    const going = await checkpoint(context as AnalysisContext);
    turn = performance.now();
    return going;
  };
}
