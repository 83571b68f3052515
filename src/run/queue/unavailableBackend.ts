import type { QueueError } from '../queueError.js';
import type { RunBackend } from '../runBackend.js';
import { allocateLocal, createRunBuffers } from '../runTasks.js';
import { QUEUE_RUNS_IN_FLIGHT } from './queueDefaults.js';

/**
 * A queue that could not be reached when a long-lived process (the server) started: every
 * run sent to it fails at once with the reason, and the process serves everything else.
 */
export function unavailableBackend(error: QueueError): RunBackend {
  return {
    kind: 'queue',
    threads: 1,
    runsInFlight: QUEUE_RUNS_IN_FLIGHT,
    summarise: () => Promise.reject(error),
    openSession: (run, _streaming, design) => ({
      buffers: createRunBuffers(run, allocateLocal, false, design),
      shared: false,
      execute: () => Promise.reject(error),
      end() {},
    }),
    close: async () => {},
    workerThreadIds: () => [],
  };
}
