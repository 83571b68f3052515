import { EVENT_LOOP_TURN_MS } from '../core/defaults.js';
import type { SimulationKernel } from '../core/simulationKernel.js';
import { summariseInSession } from './driveSession.js';
import type { RunBackend, RunSession } from './runBackend.js';
import { allocateLocal, createRunBuffers, createTaskWorkspace, executeTask } from './runTasks.js';

/** A turn of the event loop: setImmediate where there is one (Node), else a zero-delay timer. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * The calling thread as a backend (with `kernel`): tasks run one after another, and the event loop gets a turn
 * about every EVENT_LOOP_TURN_MS, so a server stays responsive and an abort lands within one
 * task of a chunk of paths.
 */
export function callingThreadBackend(kernel: SimulationKernel): RunBackend {
  const backend: RunBackend = {
    kind: 'calling-thread',
    threads: 1,
    runsInFlight: 1,
    openSession(run, streaming, design): RunSession {
      const buffers = createRunBuffers(run, allocateLocal, streaming, design);
      const workspace = createTaskWorkspace(run.paths);
      return {
        buffers,
        shared: false,
        async execute(batch, signal, onTaskDone) {
          let turn = performance.now();
          for (const task of batch) {
            if (signal.aborted) return false;
            executeTask(run.plan, run.seed, buffers, task, workspace, kernel);
            onTaskDone(task);
            if (performance.now() - turn > EVENT_LOOP_TURN_MS) {
              await yieldToEventLoop();
              turn = performance.now();
            }
          }
          return !signal.aborted;
        },
        end() {},
      };
    },
    summarise: (run, request) => summariseInSession(backend, run, request),
    close: async () => {},
    workerThreadIds: () => [],
  };
  return backend;
}
