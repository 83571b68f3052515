/**
 * Why a run on a queue (queue/queueBackend.ts) could not be done, in one line for a person:
 * the queue could not be reached (`connect`: a bad URL, no server there, a wrong password),
 * was lost mid-run (`lost`), had no worker, or its workers refused or failed the run's shards.
 * Kept apart from the queue code so that callers can tell it without loading bullmq.
 */
export class QueueError extends Error {
  constructor(
    readonly kind: 'connect' | 'lost' | 'no-workers' | 'refused' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'QueueError';
  }
}
