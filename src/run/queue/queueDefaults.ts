/**
 * Tunable numbers of distributed runs, in one place. Times in ms, sizes in paths or bytes.
 * docs/distributed.md says what each trades.
 */
import { PATHS_PER_CHUNK } from '../../core/defaults.js';

/** Paths per shard (a job of a worker): 16 chunks. About 0.5–1 s of two threads' work, and 80 MB a worker holds between rounds. */
export const QUEUE_SHARD_PATHS = 16 * PATHS_PER_CHUNK;

/** The server sends runs of this many paths or more to the queue (TRADECAST_QUEUE_MIN_PATHS); the command line, with --queue, sends all. */
export const QUEUE_MIN_PATHS_SERVER = QUEUE_SHARD_PATHS;

/** Runs (or simulations) a coordinator keeps in flight when it has many (a sweep's grid, a sensitivity design's batches). */
export const QUEUE_RUNS_IN_FLIGHT = 16;

/** A worker's lock on the shard it computes: renewed every half of it from the worker's main thread (the simulation runs on its worker threads). */
export const QUEUE_LOCK_MS = 10_000;
/** How often each worker looks for shards whose worker's lock lapsed (died), to hand them to another. */
export const QUEUE_STALLED_CHECK_MS = 5_000;
/** A shard whose worker died this many times fails the run (not a crash of the machine, then, but of the shard). */
export const QUEUE_MAX_STALLS = 2;

/** A coordinator's run keys (its description, its heartbeat) live this long past the coordinator's last renewal, which is every QUEUE_TICK_MS. */
export const QUEUE_RUN_TTL_MS = 15_000;
/** A shard's result waits this long for its coordinator to read it (it reads at once; an unread result was for a dead coordinator). */
export const QUEUE_RESULT_TTL_MS = 15_000;
/** A worker's heartbeat key lives this long; it renews it every QUEUE_TICK_MS. */
export const QUEUE_WORKER_TTL_MS = 4_000;
/** How often a coordinator renews its keys and checks its jobs, holders and workers, and a worker its heartbeat. */
export const QUEUE_TICK_MS = 1_000;
/** A coordinator that has had no live worker this long fails its runs. */
export const QUEUE_NO_WORKER_MS = 15_000;
/** A coordinator that cannot reach the queue this long fails its runs (never a wrong answer: it has none). */
export const QUEUE_LOST_MS = 5_000;
/** How long to wait for the server when connecting, before saying it cannot be reached. */
export const QUEUE_CONNECT_TIMEOUT_MS = 5_000;
/** A refused shard is put back for another worker after this long. */
export const QUEUE_REFUSED_DELAY_MS = 1_000;
/** Times one round of one shard may be sent again (its holder died, its result was lost) before the run fails. */
export const QUEUE_MAX_RESENDS = 5;

/** A worker told to stop finishes its shard within this long, else (its server gone) it leaves without. */
export const QUEUE_STOP_GRACE_MS = 30_000;

/** Bytes of shards a worker keeps between a run's rounds; past it, the oldest are dropped (and computed again if asked). */
export const QUEUE_WORKER_CACHE_BYTES = 2 * 1024 * 1024 * 1024;

/** The Redis key prefix of everything a queue keeps (BullMQ's queues and the runs' own keys). */
export const QUEUE_PREFIX = 'tradecast';
/** The queue every worker takes shards from. */
export const QUEUE_SHARDS = 'shards';
