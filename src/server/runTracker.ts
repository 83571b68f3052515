/** How runs (simulations and analyses) have gone since the server started; `GET /api/health` reports it. */
export interface RunCounts {
  /** runs computing now */
  readonly active: number;
  readonly completed: number;
  /** stopped because the client went away */
  readonly cancelled: number;
  /** stopped at the time limit */
  readonly timedOut: number;
  /** ended without a result: a model failure (422) or an internal error (500) */
  readonly failed: number;
  /** refused because `maxConcurrentRuns` were computing */
  readonly refusedBusy: number;
  /** paths simulated by all runs, finished or not: it stops growing when the CPU stops */
  readonly pathsSimulated: number;
}

/** How a run ended; `refused` — its input was invalid or over the caps (4xx) once read — frees its slot and counts nowhere. */
export type RunEnd = 'completed' | 'cancelled' | 'timedOut' | 'failed' | 'refused';

/** Counts runs, and admits at most `maxConcurrentRuns` at once. */
export class RunTracker {
  #counts = { active: 0, completed: 0, cancelled: 0, timedOut: 0, failed: 0, refusedBusy: 0, pathsSimulated: 0 };
  #whenIdle: (() => void)[] = [];

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
    if (end !== 'refused') this.#counts[end]++;
    if (this.#counts.active === 0) for (const resolve of this.#whenIdle.splice(0)) resolve();
  }

  /** Resolves once no run is computing (at once when none is). */
  idle(): Promise<void> {
    return this.#counts.active === 0 ? Promise.resolve() : new Promise((resolve) => this.#whenIdle.push(resolve));
  }

  counts(): RunCounts {
    return { ...this.#counts };
  }
}
