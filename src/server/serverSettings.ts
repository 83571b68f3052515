import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { MAX_THREADS } from '../core/defaults.js';
import { QUEUE_MIN_PATHS_SERVER } from '../run/queue/queueDefaults.js';
import { parseQueueUrl, type QueueAddress } from '../run/queue/queueUrl.js';
import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, LIMIT_ENVIRONMENT, type ServerLimits } from './limits.js';

/** Where to listen and what to allow. */
export interface ServerSettings {
  readonly port: number;
  readonly host: string;
  readonly limits: ServerLimits;
  /** pino level of the server log (LOG_LEVEL) */
  readonly logLevel: LogLevel;
  /** worker threads of the simulation pool (TRADECAST_THREADS; default: the machine's available parallelism) */
  readonly threads: number;
  /** origins allowed to call the API from a browser (TRADECAST_CORS_ORIGINS, comma-separated; default: none, same origin only) */
  readonly corsOrigins: readonly string[];
  /**
   * host names the server answers to (the Host header), besides localhost and IP addresses: the
   * host it listens on, and TRADECAST_ALLOWED_HOSTS (comma-separated; `*` for any)
   */
  readonly allowedHosts: readonly string[];
  /** a queue of workers for large runs (TRADECAST_QUEUE, redis://HOST:PORT[/DB]; default: none) */
  readonly queue?: QueueAddress;
  /** runs of this many paths or more go to the queue (TRADECAST_QUEUE_MIN_PATHS) */
  readonly queueMinPaths: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export type SettingsResult = { readonly ok: true; readonly settings: ServerSettings } | { readonly ok: false; readonly problems: readonly string[] };

const POSITIVE = 'expected a whole number, at least 1';
const PositiveWholeNumberSchema = z.coerce.number({ error: POSITIVE }).int(POSITIVE).min(1, POSITIVE);

const THREADS = `expected a whole number from 1 to ${MAX_THREADS}`;
const ThreadsSchema = z.coerce.number({ error: THREADS }).int(THREADS).min(1, THREADS).max(MAX_THREADS, THREADS);

const ORIGINS = 'expected origins separated by commas, each scheme://host[:port] with no path, e.g. https://example.org,http://localhost:5173';
/** An exact origin as a browser sends it in `Origin`: http(s), no path, query or trailing slash. */
const OriginSchema = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}, ORIGINS);
const OriginListSchema = z
  .string()
  .transform((text) => text.split(',').map((origin) => origin.trim()))
  .pipe(z.array(OriginSchema));

const HOSTS = 'expected host names separated by commas (letters, digits, - and .), or *, e.g. tradecast.example.org,dashboard.lan';
const HostListSchema = z
  .string()
  .transform((text) => text.split(',').map((host) => host.trim().toLowerCase()))
  .pipe(z.array(z.string().regex(/^(\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/, HOSTS)));

const QueueUrlSchema = z.string().transform((text, context) => {
  const parsed = parseQueueUrl(text);
  if (parsed.ok) return parsed.address;
  context.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});

const PORT = 'expected a port number from 0 to 65535 (0: any free port)';
const PortSchema = z.coerce.number({ error: PORT }).int(PORT).min(0, PORT).max(65_535, PORT);

/**
 * Reads PORT, HOST, LOG_LEVEL, TRADECAST_THREADS, TRADECAST_CORS_ORIGINS, TRADECAST_ALLOWED_HOSTS, TRADECAST_QUEUE(_MIN_PATHS) and the TRADECAST_*
 * limits from the environment (parse at the edge); `explicit` (command-line flags)
 * wins over the environment. Every bad value is a problem naming its variable.
 */
export function serverSettingsFromEnvironment(environment: NodeJS.ProcessEnv, explicit: { port?: string; host?: string } = {}): SettingsResult {
  const problems: string[] = [];
  const read = <T>(name: string, text: string | undefined, schema: z.ZodType<T>, fallback: T): T => {
    if (text === undefined || text.trim() === '') return fallback;
    const parsed = schema.safeParse(text);
    if (parsed.success) return parsed.data;
    problems.push(`${name}=${JSON.stringify(text)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  };
  const port = read(explicit.port === undefined ? 'PORT' : '--port', explicit.port ?? environment.PORT, PortSchema, DEFAULT_PORT);
  const host = read(explicit.host === undefined ? 'HOST' : '--host', explicit.host ?? environment.HOST, z.string().trim().min(1), DEFAULT_HOST);
  const logLevel = read('LOG_LEVEL', environment.LOG_LEVEL, z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }), 'info');
  const threads = read('TRADECAST_THREADS', environment.TRADECAST_THREADS, ThreadsSchema, availableParallelism());
  const corsOrigins = read('TRADECAST_CORS_ORIGINS', environment.TRADECAST_CORS_ORIGINS, OriginListSchema, [] as readonly string[]);
  const extraHosts = read('TRADECAST_ALLOWED_HOSTS', environment.TRADECAST_ALLOWED_HOSTS, HostListSchema, [] as readonly string[]);
  // the name it listens on answers too (an address such as 0.0.0.0 or 127.0.0.1 needs no entry: any IP address does)
  const allowedHosts = [...new Set([...(isIP(host) === 0 ? [host.toLowerCase()] : []), ...extraHosts])];
  const queue = read<QueueAddress | undefined>('TRADECAST_QUEUE', environment.TRADECAST_QUEUE, QueueUrlSchema, undefined);
  const queueMinPaths = read('TRADECAST_QUEUE_MIN_PATHS', environment.TRADECAST_QUEUE_MIN_PATHS, PositiveWholeNumberSchema, QUEUE_MIN_PATHS_SERVER);
  const limits = Object.fromEntries(
    (Object.keys(LIMIT_ENVIRONMENT) as (keyof ServerLimits)[]).map((key) => {
      const name = LIMIT_ENVIRONMENT[key];
      return [key, read(name, environment[name], PositiveWholeNumberSchema, DEFAULT_LIMITS[key])];
    }),
  ) as unknown as ServerLimits;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: { port, host, limits, logLevel, threads, corsOrigins, allowedHosts, queueMinPaths, ...(queue ? { queue } : {}) } };
}
