import type { RedisOptions as BullmqRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { QueueError } from '../queueError.js';
import { QUEUE_CONNECT_TIMEOUT_MS, QUEUE_PREFIX } from './queueDefaults.js';
import type { QueueAddress } from './queueUrl.js';

/**
 * ioredis' options without `replyMapping`, which the constructor re-declares without `undefined`
 * (so its own RedisOptions does not fit it under exactOptionalPropertyTypes); the queue sets none.
 */
export type QueueRedisOptions = Omit<RedisOptions, 'replyMapping'>;

/**
 * Connections to the queue's server. The first one proves the server is there and takes the
 * password (else a QueueError `connect` with one line saying why); later ones reconnect on
 * their own after a drop, every QUEUE_TICK_MS or so, and the coordinator decides how long it
 * waits (QUEUE_LOST_MS).
 */
export function redisOptions(address: QueueAddress, blocking = false): QueueRedisOptions {
  return {
    ...serverOptions(address),
    lazyConnect: true,
    // BullMQ's blocking connections must wait out a drop; a coordinator's commands fail at once, so it notices
    maxRetriesPerRequest: blocking ? null : 1,
    enableOfflineQueue: blocking,
    retryStrategy: (times) => Math.min(times * 200, 1_000),
  };
}

/** Where the server is and how to log in: the part of the options both kinds of connection share. */
function serverOptions(address: QueueAddress) {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username ? { username: address.username } : {}),
    ...(address.password ? { password: address.password } : {}),
    ...(address.tls ? { tls: {} } : {}),
    connectTimeout: QUEUE_CONNECT_TIMEOUT_MS,
  };
}

/** Options for BullMQ's own (blocking) connections: they wait out a drop and reconnect. */
export function bullmqConnection(address: QueueAddress): BullmqRedisOptions {
  return { ...serverOptions(address), maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 1_000) };
}

/** A ready connection to the queue's server, or a QueueError `connect` naming why not. */
export async function connectQueue(address: QueueAddress, blocking = false): Promise<Redis> {
  const client = new Redis({ ...redisOptions(address, blocking), retryStrategy: () => null });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new QueueError('connect', `cannot use the queue at ${address.shown}: ${reason((lastError ?? error) as Error & { code?: string })}`);
  }
  // from now on, reconnect after a drop
  client.options.retryStrategy = redisOptions(address, blocking).retryStrategy!;
  client.options.enableOfflineQueue = blocking;
  return client;
}

/** Why a connection failed, in words. */
export function reason(error: Error & { code?: string }): string {
  const text = error.message ?? String(error);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(text)) return 'the server refused the password';
  if (/NOAUTH/i.test(text)) return 'the server wants a password (redis://:PASSWORD@HOST:PORT/DB)';
  if (/DB index is out of range|invalid DB index/i.test(text)) return 'the server has no such database';
  if (error.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) return 'nothing listens there (connection refused)';
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text)) return 'unknown host';
  if (error.code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(text)) return `no answer within ${QUEUE_CONNECT_TIMEOUT_MS / 1000} s`;
  return text.split('\n')[0]!;
}

/** Redis keys of the queue's own records (BullMQ's queues live under the same prefix). */
export const queueKeys = {
  /** a run's heartbeat: while it exists the coordinator lives and wants the run's shards */
  runAlive: (runId: string) => `${QUEUE_PREFIX}:run:${runId}:alive`,
  runDescription: (runId: string) => `${QUEUE_PREFIX}:run:${runId}:description`,
  /** round 2's and round 3's questions */
  runEdges: (runId: string) => `${QUEUE_PREFIX}:run:${runId}:edges`,
  runWanted: (runId: string) => `${QUEUE_PREFIX}:run:${runId}:wanted`,
  /** workers that refused the run, and why */
  runRefused: (runId: string) => `${QUEUE_PREFIX}:run:${runId}:refused`,
  /** one job's result */
  result: (runId: string, jobId: string) => `${QUEUE_PREFIX}:run:${runId}:result:${jobId}`,
  /** a coordinator's list of finished jobs, which workers push to after writing a result */
  done: (coordinatorId: string) => `${QUEUE_PREFIX}:coordinator:${coordinatorId}:done`,
  /** a worker's heartbeat (what it runs), and the set of workers ever seen */
  worker: (workerId: string) => `${QUEUE_PREFIX}:worker:${workerId}`,
  workers: `${QUEUE_PREFIX}:workers`,
};

/** The queue of one worker's own jobs: rounds 2 and 3 of the shards it holds. */
export const holderQueue = (workerId: string) => `holder-${workerId}`;

/** A job: one round of one shard of one run. Small JSON; the run's numbers are under its own keys. */
export interface ShardJob {
  readonly version: string;
  readonly inputHash: string;
  readonly runId: string;
  readonly coordinator: string;
  /** simulate: every path and year back (for analyses that read paths); totals, counts, values: the summary's rounds */
  readonly round: 'simulate' | 'totals' | 'counts' | 'values';
  readonly shard: number;
  readonly start: number;
  readonly end: number;
}
