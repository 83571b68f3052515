import type { WorkLimits } from '../run/workCount.js';

/**
 * What one request may ask of the server, and the server's defaults: tunables in one place. `buildApp({ limits })` takes any of them; `npm start` and `tradecast serve` read
 * them from the environment variables in LIMIT_ENVIRONMENT (docs/reliability.md, "Limits").
 */
export interface ServerLimits {
  /** largest request body, bytes; a larger one gets 413 */
  readonly bodyLimitBytes: number;
  /** deepest nesting of arrays and objects in a JSON body (a scenario needs about 6) */
  readonly maxJsonDepth: number;
  /**
   * most paths × projected years in one simulation; more gets 400 naming `paths`. Memory is
   * about 200 bytes per path-year for the baseline (25 series of float64 and a regime byte).
   */
  readonly maxPathYears: number;
  /**
   * most memory one run may hold, MB (its buffers and arrays, estimated before anything is
   * allocated; src/run/runCost.ts); more gets 400 naming the field to lower
   */
  readonly maxRunMemoryMb: number;
  /** longest a simulation may compute, ms; then it stops and the request gets 503 */
  readonly runTimeoutMs: number;
  /** most simulations computing at once; one more gets 503 busy */
  readonly maxConcurrentRuns: number;
  /** after SIGINT/SIGTERM, how long in-flight requests get to finish before the process exits 1, ms */
  readonly shutdownGraceMs: number;
  /**
   * longest a request may take to arrive whole — request line, headers and body — ms; then 408
   * and the connection closes (a client that sends slowly, or headers and no body, holds a
   * connection no longer than this)
   */
  readonly requestTimeoutMs: number;
  /** longest an idle keep-alive connection stays open between requests, ms */
  readonly keepAliveTimeoutMs: number;
  /** most connections open at once; beyond it a new connection is closed at once */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyLimitBytes: 1 << 20, // 1 MiB: a full inline scenario is about 15 KB
  maxJsonDepth: 32,
  maxPathYears: 600_000, // 100,000 paths to 2030 from a 2024 origin: ≈ 120 MB, well under a second
  maxRunMemoryMb: 256, // twice the largest simulation at the work cap; 2 workers × 256 MB stay well under the 1 GB the load test allows
  runTimeoutMs: 20_000,
  maxConcurrentRuns: 4,
  shutdownGraceMs: 30_000,
  // a full 1 MiB body takes 8.4 s at 1 Mbit/s; on loopback or a LAN, milliseconds
  requestTimeoutMs: 10_000,
  // Node's own default (fastify's 72 s suits a load balancer in front): an idle connection frees its slot soon
  keepAliveTimeoutMs: 5_000,
  // well under the usual limit of 1,024 open files, which the server also needs for its scenario files, log and workers
  maxConnections: 256,
};

/** The environment variable that overrides each limit (a whole number). */
export const LIMIT_ENVIRONMENT = {
  bodyLimitBytes: 'TRADECAST_BODY_LIMIT_BYTES',
  maxJsonDepth: 'TRADECAST_MAX_JSON_DEPTH',
  maxPathYears: 'TRADECAST_MAX_PATH_YEARS',
  maxRunMemoryMb: 'TRADECAST_MAX_RUN_MEMORY_MB',
  runTimeoutMs: 'TRADECAST_RUN_TIMEOUT_MS',
  maxConcurrentRuns: 'TRADECAST_MAX_CONCURRENT_RUNS',
  shutdownGraceMs: 'TRADECAST_SHUTDOWN_GRACE_MS',
  requestTimeoutMs: 'TRADECAST_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'TRADECAST_KEEP_ALIVE_TIMEOUT_MS',
  maxConnections: 'TRADECAST_MAX_CONNECTIONS',
} as const satisfies Record<keyof ServerLimits, string>;

/** Longest a request's headers may take to arrive, ms (within the request timeout): they are a few hundred bytes. */
export const HEADERS_TIMEOUT_MS = 5_000;

/**
 * How often Node checks the request and headers timeouts, ms. Its default (30 s) would let a
 * slow connection outlive a 10 s timeout by up to 30 s.
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/**
 * How long a connection may go without a byte either way, ms: longer than any request may take
 * to be answered — its wait for a compute worker (behind at most maxConcurrentRuns ÷ threads
 * runs), its time limit and the stop grace, and its arrival — so it only ever closes a
 * connection that has gone quiet for another reason, such as a client that stops reading its
 * answer.
 */
export function idleConnectionTimeoutMs(limits: Pick<ServerLimits, 'maxConcurrentRuns' | 'runTimeoutMs' | 'requestTimeoutMs'>, threads: number): number {
  return Math.ceil(limits.maxConcurrentRuns / Math.max(1, threads)) * (limits.runTimeoutMs + STOP_GRACE_MS) + limits.requestTimeoutMs;
}

/** Port when neither `PORT` nor `--port` says. */
export const DEFAULT_PORT = 3000;

/** Interface to listen on when neither `HOST` nor `--host` says: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * How long a computation whose time limit passed (or whose client left) may take to stop on
 * its own, ms, before its worker thread is terminated: it reads its `cancel` within about
 * EVENT_LOOP_TURN_MS (20 ms) and one chunk of work (measured: tens of ms under load), so only
 * a computation stuck in one long step is terminated; a new worker takes its place.
 */
export const STOP_GRACE_MS = 1_000;

/**
 * Nice value of a compute worker thread (Linux; the server's own thread keeps the process's, 0
 * by default): 10 makes the scheduler give a waiting server thread the CPU well before a
 * computing one, so answering never waits on computing.
 */
export const COMPUTE_THREAD_NICENESS = 10;

/** Least time between two progress messages of a compute worker, ms (the health route's counts are at most this stale). */
export const PROGRESS_MESSAGE_MS = 50;

/** Seconds a client refused with 503 `busy` is asked to wait (Retry-After): about one default run. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** Seconds a browser may reuse a CORS preflight answer (Access-Control-Max-Age). */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The work limits of a request, as the run layer counts them. */
export function workLimitsOf(limits: Pick<ServerLimits, 'maxPathYears' | 'maxRunMemoryMb'>): WorkLimits {
  return { maxPathYears: limits.maxPathYears, maxMemoryBytes: limits.maxRunMemoryMb * 1024 * 1024 };
}
