import type { QueueAddress } from '../run/queue/queueUrl.js';
import { QueueError } from '../run/queueError.js';
import type { RunBackend } from '../run/runBackend.js';

/** Where the server sends runs from a size up (TRADECAST_QUEUE, TRADECAST_QUEUE_MIN_PATHS). */
export interface QueueForRuns {
  readonly address: QueueAddress;
  readonly minPaths: number;
}

/**
 * The queue backend of a compute worker (bullmq and ioredis load only when TRADECAST_QUEUE is
 * set). One that cannot be reached when the worker first needs it is said once on stderr and
 * its runs are answered 503; the server serves everything else. One lost later reconnects on
 * its own; runs meanwhile get 503.
 */
export async function openQueueForRuns(address: QueueAddress, stderr: NodeJS.WritableStream): Promise<RunBackend> {
  const [{ createQueueBackend }, { unavailableBackend }] = await Promise.all([import('../run/queue/queueBackend.js'), import('../run/queue/unavailableBackend.js')]);
  try {
    return await createQueueBackend({ address });
  } catch (error) {
    if (!(error instanceof QueueError)) throw error;
    stderr.write(`tradecast server: TRADECAST_QUEUE: ${error.message}; runs for the queue will be answered 503\n`);
    return unavailableBackend(error);
  }
}
