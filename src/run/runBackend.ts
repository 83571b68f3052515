import type { BlockStatistics } from '../core/summarise.js';
import type { SeriesInfo } from '../core/simulationOutput.js';
import type { PreparedRun, RunProgress } from './preparedRun.js';
import type { RunBuffers, RunTask, SimulationDesign } from './runTasks.js';
import type { RunTally } from './runTally.js';

/**
 * Where a run's tasks execute: on the calling thread, on a local pool of worker threads, or on
 * other machines through a queue (queue/queueBackend.ts). Every backend computes the same
 * numbers (runTasks.ts, queue/shardStatistics.ts), so the bytes of a result do not depend on it.
 */
export interface RunBackend {
  readonly kind: 'calling-thread' | 'worker-pool' | 'queue';
  readonly threads: number;
  /**
   * How many runs are worth having in flight at once on this backend: 1 where they would only
   * share the same threads; more on a queue, whose workers take them side by side.
   */
  readonly runsInFlight: number;
  /** Starts a run on this backend: its buffers, allocated where the backend's threads can write them. */
  openSession(run: PreparedRun, streaming: boolean, design?: SimulationDesign): RunSession;
  /**
   * Simulates a run and summarises it: what its result is made of. Null when the signal
   * aborted; rejects when the backend failed (a lost queue: queueError.ts).
   */
  summarise(run: PreparedRun, request: SummariseRequest): Promise<RunSummary | null>;
  /** Stops the backend's threads; sessions still executing resolve as not finished. */
  close(): Promise<void>;
  /** Thread ids of the backend's live worker threads (none on the calling thread). */
  workerThreadIds(): readonly number[];
}

export interface SummariseRequest {
  /** one year at a time (memory), where the backend holds every path */
  readonly streaming: boolean;
  readonly design: SimulationDesign;
  readonly signal: AbortSignal;
  readonly onProgress?: ((progress: RunProgress) => void) | undefined;
}

/** A run's summary before it becomes the result contract (runTally.ts resultFromTally). */
export interface RunSummary {
  readonly series: readonly SeriesInfo[];
  readonly statistics: BlockStatistics;
  readonly tally: RunTally;
}

export interface RunSession {
  readonly buffers: RunBuffers;
  /** true when the buffers are shared with other threads (a caller keeping them should copy them out) */
  readonly shared: boolean;
  /**
   * Executes one batch of independent tasks; `onTaskDone` follows each finished task. Resolves
   * true when all are done, false when `signal` aborted first (every task already running has
   * finished by then, so nothing writes into the buffers afterwards); rejects when a task failed.
   */
  execute(batch: readonly RunTask[], signal: AbortSignal, onTaskDone: (task: RunTask) => void): Promise<boolean>;
  /** Ends the run; with `reuseBuffers` the backend may hand its buffers to the next run of the same shape. */
  end(reuseBuffers: boolean): void;
}
