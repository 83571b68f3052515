/** How runs (simulations and analyses) have gone since the server started; `GET /api/health` reports it. */
export interface RunCounts {
  /** runs computing now */
  readonly active: number;
  readonly completed: number;
  /** stopped because the client went away */
  readonly cancelled: number;
  /** stopped at the time limit */
  readonly timedOut: number;
  /** ended without a result: a model failure (422), input an analysis refused once running (400), or an internal error (500) */
  readonly failed: number;
  /** refused because `maxConcurrentRuns` were computing */
  readonly refusedBusy: number;
  /** paths simulated by all runs, finished or not: it stops growing when the CPU stops */
  readonly pathsSimulated: number;
}

export type RunEnd = 'completed' | 'cancelled' | 'timedOut' | 'failed';

/** Counts runs, and admits at most `maxConcurrentRuns` at once. */
export class RunTracker {
  #counts = { active: 0, completed: 0, cancelled: 0, timedOut: 0, failed: 0, refusedBusy: 0, pathsSimulated: 0 };

  constructor(private readonly maxConcurrentRuns: number) {}

  /** Takes a slot for a run, or returns false (and counts the refusal) when all are taken. */
  tryStart(): boolean {
    if (this.#counts.active >= this.maxConcurrentRuns) {
      this.#counts.refusedBusy++;
      return false;
    }
    this.#counts.active++;
    return true;
  }

  addPaths(paths: number): void {
    this.#counts.pathsSimulated += paths;
  }

  /** Frees the slot taken by `tryStart`. */
  finish(end: RunEnd): void {
    this.#counts.active--;
    this.#counts[end]++;
  }

  counts(): RunCounts {
    return { ...this.#counts };
  }
}
