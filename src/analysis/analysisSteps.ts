import type { ModelFailure } from '../core/modelFailure.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/** Progress of a long analysis, reported between chunks of work. */
export interface AnalysisProgress {
  /** what is being done, e.g. "simulating escalation" or "Sobol design" */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/** Result of an analysis: data, or the reason it could not be produced (STYLE 5). */
export type AnalysisOutcome<R> =
  | { readonly ok: true; readonly result: R }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] }
  | { readonly ok: false; readonly failure: ModelFailure };

/**
 * A long analysis as a generator: it yields progress between chunks of work and returns the
 * outcome. The caller decides how to drive it: all at once (`runAnalysis`), or yielding to the
 * event loop between chunks so a request can be cancelled (`runAnalysisAsync`).
 */
export type AnalysisSteps<R> = Generator<AnalysisProgress, AnalysisOutcome<R>, void>;

/** Drives an analysis to the end on the calling thread. */
export function runAnalysis<R>(steps: AnalysisSteps<R>, onProgress?: (progress: AnalysisProgress) => void): AnalysisOutcome<R> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
  }
}

/**
 * Drives an analysis, giving the event loop a turn between chunks (so a server stays
 * responsive and sees a client going away); stops with `{kind: 'cancelled'}` once `signal`
 * is aborted. Each chunk is a few thousand simulated paths, so cancelling takes milliseconds.
 */
export async function runAnalysisAsync<R>(
  steps: AnalysisSteps<R>,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (progress: AnalysisProgress) => void } = {},
): Promise<AnalysisOutcome<R>> {
  for (;;) {
    if (options.signal?.aborted) {
      steps.return({ ok: false, failure: { kind: 'cancelled' } });
      return { ok: false, failure: { kind: 'cancelled' } };
    }
    const step = steps.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
