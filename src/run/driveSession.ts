import { createSimulationOutput, type SimulationOutput } from '../core/simulationOutput.js';
import { createBlockStatistics } from '../core/summarise.js';
import type { PreparedRun, RunProgress } from './preparedRun.js';
import type { RunBackend, RunSession, RunSummary, SummariseRequest } from './runBackend.js';
import { progressAfter, runBatches, simulateTasks, type RunTask, type SimulationDesign } from './runTasks.js';
import { createRunTally } from './runTally.js';

/**
 * The one driver of a run's batches, whatever the backend: each batch finishes before the next
 * is made (the generator counts regimes and targets between them), progress after each task.
 * False when the signal aborted.
 */
export async function drive(
  run: PreparedRun,
  session: RunSession,
  batches: Iterable<readonly RunTask[]>,
  signal: AbortSignal,
  onProgress: ((progress: RunProgress) => void) | undefined,
): Promise<boolean> {
  const done = { pathYears: 0 };
  const onTaskDone = (task: RunTask) => {
    const progress = progressAfter(run, task, done);
    if (progress) onProgress?.(progress);
  };
  for (const batch of batches) {
    if (signal.aborted || !(await session.execute(batch, signal, onTaskDone))) return false;
  }
  return !signal.aborted;
}

/** A run simulated and summarised in one of a backend's sessions (the backends holding every path here). */
export async function summariseInSession(backend: Pick<RunBackend, 'openSession'>, run: PreparedRun, request: SummariseRequest): Promise<RunSummary | null> {
  const session = backend.openSession(run, request.streaming, request.design);
  let finished = false;
  try {
    const tally = createRunTally(run);
    finished = await drive(run, session, runBatches(run, session.buffers, tally), request.signal, request.onProgress);
    if (!finished) return null;
    // the statistics leave the session, whose buffers the backend may give the next run
    const { statistics } = session.buffers;
    const copy = createBlockStatistics(statistics.seriesCount, statistics.yearCount);
    copy.values.set(statistics.values);
    copy.nonFinite.set(statistics.nonFinite);
    return { series: session.buffers.output.series, statistics: copy, tally };
  } finally {
    session.end(finished);
  }
}

/**
 * Every path and year of a run on `backend`, in ordinary memory — or, with `keepShared`, in the
 * session's shared memory as it is (for other threads to read; the backend does not reuse it);
 * null when the signal aborted.
 */
export async function simulateInSession(
  backend: RunBackend,
  run: PreparedRun,
  signal: AbortSignal,
  onProgress?: (progress: RunProgress) => void,
  design: SimulationDesign = {},
  keepShared = false,
): Promise<SimulationOutput | null> {
  const session = backend.openSession(run, false, design);
  let finished = false;
  try {
    finished = await drive(run, session, [simulateTasks(run, 0, run.plan.years.length)], signal, onProgress);
    if (!finished) return null;
    const { output } = session.buffers;
    if (!session.shared || keepShared) {
      finished = false; // the caller keeps these buffers: not for the next run
      return output;
    }
    // an ordinary copy, which V8 frees like any other buffer (it is slow to free SharedArrayBuffers)
    const copy = createSimulationOutput(run.plan, run.paths);
    output.values.forEach((values, s) => copy.values[s]!.set(values));
    copy.regime.set(output.regime);
    return copy;
  } finally {
    session.end(finished && session.shared);
  }
}
