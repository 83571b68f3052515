import { createRunner, type Runner } from '../run/runner.js';
import { parseQueueUrl, type QueueAddress } from '../run/queue/queueUrl.js';
import { UsageError } from './command.js';

/** `--queue URL` checked (a usage error naming what is wrong), or undefined without it. */
export function queueAddressOption(value: string | undefined): QueueAddress | undefined {
  if (value === undefined) return undefined;
  const parsed = parseQueueUrl(value);
  if (!parsed.ok) throw new UsageError(`--queue: ${parsed.message}`);
  return parsed.address;
}

/**
 * The runner of a command: the machine's threads, or with `--queue` the queue's workers for
 * every run (this process coordinates). bullmq and ioredis load only then. An unreachable
 * queue throws a QueueError `connect` (exit 2, one line).
 */
export async function commandRunner(threads: number, queue: QueueAddress | undefined): Promise<Runner> {
  if (!queue) return createRunner({ threads });
  const { createQueueBackend } = await import('../run/queue/queueBackend.js');
  const backend = await createQueueBackend({ address: queue });
  return createRunner({ threads, queue: { backend, minPaths: 1 } });
}
