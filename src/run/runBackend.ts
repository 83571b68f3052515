import type { PreparedRun } from './preparedRun.js';
import type { RunBuffers, RunTask, SimulationDesign } from './runTasks.js';

/**
 * Where a run's tasks execute: on the calling thread, on a local pool of worker threads, or
 * (later) on other machines through a queue. Every backend executes the same tasks
 * (runTasks.ts) into the same buffers, so the bytes of a result do not depend on the backend.
 */
export interface RunBackend {
  readonly kind: 'calling-thread' | 'worker-pool';
  readonly threads: number;
  /** Starts a run on this backend: its buffers, allocated where the backend's threads can write them. */
  openSession(run: PreparedRun, streaming: boolean, design?: SimulationDesign): RunSession;
  /** Stops the backend's threads; sessions still executing resolve as not finished. */
  close(): Promise<void>;
  /** Thread ids of the backend's live worker threads (none on the calling thread). */
  workerThreadIds(): readonly number[];
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
