import autocannon from 'autocannon';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { DEFAULT_LIMITS } from '../src/server/limits.js';
import { LOAD_MIX, POOL_RUN_PATHS, type LoadRequest } from './loadMix.js';
import { startServer, type ServerUnderTest } from './serverUnderTest.js';

/**
 * The load test (issue 7): the built server in its own process on loopback, the request mix of
 * loadMix.ts on keep-alive connections (autocannon), bounded in time and in requests, after a
 * warm-up. It counts statuses, checks that every simulation answered under load is byte-identical
 * to the idle server's answer, fires a burst of pool runs past the concurrent-run limit to
 * provoke `busy` refusals, samples the server's RSS, and asks its health route afterwards.
 */
export interface LoadTestOptions {
  /** longest the measured load runs, s */
  readonly durationSeconds: number;
  /** most requests of the measured load (it stops at whichever bound comes first) */
  readonly maxRequests: number;
  /** keep-alive connections, each sending the mix round and round */
  readonly connections: number;
  /** seconds of the same load before measuring: JIT, the pool's workers and spare buffers */
  readonly warmupSeconds: number;
  /**
   * Most the server's RSS may grow over the load, MB: the mean of the last quarter of the
   * measured load minus the mean of its second quarter. The first quarter is left out: the
   * server grows into its working set there. Even after that, RSS swings by 100 MB and more
   * over seconds (V8 sizing its heaps, the pool's 30 MB SharedArrayBuffers freed when both
   * threads have collected them), so a short run can only bound gross leaks; over a minute
   * the quarters are 15 s means and a tighter bound holds.
   */
  readonly rssGrowthBoundMb: number;
}

/** `npm run loadtest`. */
export const FULL_LOAD: LoadTestOptions = { durationSeconds: 60, maxRequests: 500_000, connections: 16, warmupSeconds: 5, rssGrowthBoundMb: 64 };
/** The short version CI runs (tests/benchmarks/loadTest.test.ts). */
export const SHORT_LOAD: LoadTestOptions = { durationSeconds: 8, maxRequests: 50_000, connections: 8, warmupSeconds: 5, rssGrowthBoundMb: 192 };

/** The server's settings under test: its defaults, with two worker threads whatever the machine. */
export const SERVER_ENVIRONMENT = { TRADECAST_THREADS: '2', LOG_LEVEL: 'info' } as const;

/** Most the server's RSS may reach at any time under the load, MB (a pile-up of work shows here). */
export const RSS_PEAK_BOUND_MB = 1_024;

/** Longest any one request may take before it counts as an error, s. */
const REQUEST_TIMEOUT_SECONDS = 30;
/** How often the server's RSS is read, ms. */
const RSS_SAMPLE_MS = 100;

export interface RequestTally {
  readonly name: string;
  statuses: Record<string, number>;
  /** a status outside the request's `expected` */
  unexpected: number;
  /** 503 `busy` with a Retry-After header: refused early, as designed */
  busy: number;
  /** simulations answered 200: the same bytes as the idle server's answer, or not */
  identical: number;
  different: number;
}

export interface LoadTestReport {
  readonly date: string;
  readonly machine: string;
  readonly options: LoadTestOptions;
  readonly server: { readonly environment: Readonly<Record<string, string>>; readonly maxConcurrentRuns: number; readonly logFile: string };
  /** the measured load (autocannon), not the warm-up or the burst */
  readonly load: {
    readonly seconds: number;
    /** all of the mix's requests; the latency figures are those of the requests that keep their connection */
    readonly requests: number;
    readonly requestsPerSecond: number;
    readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
    /** connection errors, timeouts included */
    readonly errors: number;
    readonly timeouts: number;
  };
  /** every answer, by status: warm-up, measured load and burst */
  readonly statuses: Record<string, number>;
  readonly byRequest: readonly RequestTally[];
  /** 5xx answers other than a 503 `busy` with Retry-After */
  readonly serverErrors: number;
  readonly busyRefusals: number;
  readonly burst: { readonly sent: number; readonly statuses: Record<string, number> };
  readonly rssMb: {
    /** idle, after the warm-up */
    readonly afterWarmup: number;
    readonly peak: number;
    /** idle, after the load */
    readonly end: number;
    /** means of the second and last quarters of the measured load, and their difference */
    readonly secondQuarter: number;
    readonly lastQuarter: number;
    readonly growth: number;
    readonly everySecond: readonly number[];
  };
  readonly after: { readonly alive: boolean; readonly healthStatus: number; readonly activeRuns: number; readonly refusedBusy: number };
}

/** Runs the load test against a server it starts (and stops). */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const server = await startServer(SERVER_ENVIRONMENT);
  try {
    return await loadServer(server, options);
  } finally {
    await server.stop();
  }
}

async function loadServer(server: ServerUnderTest, options: LoadTestOptions): Promise<LoadTestReport> {
  const references = await idleAnswers(server.url);
  const tallies = LOAD_MIX.map((request): RequestTally => ({ name: request.name, statuses: {}, unexpected: 0, busy: 0, identical: 0, different: 0 }));
  const record = (index: number, status: number, body: string, headers: Readonly<Record<string, unknown>>) => {
    const request = LOAD_MIX[index]!;
    const tally = tallies[index]!;
    tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
    if (!request.expected.includes(status)) tally.unexpected++;
    if (status === 503 && isBusy(body, headers)) tally.busy++;
    if (request.simulation && status === 200) {
      if (body === references.get(index)) tally.identical++;
      else tally.different++;
    }
  };

  const poolRun = LOAD_MIX.findIndex((request) => request.simulation && request.body?.includes(`"paths":${POOL_RUN_PATHS}`));
  const burstStatuses: Record<string, number> = {};
  const burstOf = (size: number, into: Record<string, number>) =>
    Promise.all(
      Array.from({ length: size }, async () => {
        const { status, body, headers } = await send(server.url, LOAD_MIX[poolRun]!);
        into[status] = (into[status] ?? 0) + 1;
        record(poolRun, status, body, headers);
      }),
    );

  // warm-up: as many pool runs at once as the server allows (their buffers), then the mix
  await burstOf(DEFAULT_LIMITS.maxConcurrentRuns, {});
  await cannon(server.url, options.connections, options.warmupSeconds, Number.POSITIVE_INFINITY, record);
  await untilIdle(server);
  const afterWarmup = server.rssMb();
  const samples: number[] = [];
  const sampler = setInterval(() => {
    if (server.alive()) samples.push(server.rssMb());
  }, RSS_SAMPLE_MS);

  // the load, with a burst of twice as many pool runs as the server runs at once halfway: some are refused
  const burstSize = 2 * DEFAULT_LIMITS.maxConcurrentRuns;
  let burst: Promise<unknown> = Promise.resolve();
  const burstTimer = setTimeout(() => (burst = burstOf(burstSize, burstStatuses)), (options.durationSeconds * 1000) / 2);
  const result = await cannon(server.url, options.connections, options.durationSeconds, options.maxRequests, record);
  clearInterval(sampler);
  clearTimeout(burstTimer);
  await burst;
  await untilIdle(server);
  const end = server.alive() ? server.rssMb() : Number.NaN;
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [secondQuarter, lastQuarter] = [mean(samples.slice(quarter, 2 * quarter)), mean(samples.slice(-quarter))];

  const health = await fetch(`${server.url}/api/health`).then(
    async (response) => ({ status: response.status, runs: ((await response.json()) as { runs: { active: number; refusedBusy: number } }).runs }),
    () => ({ status: 0, runs: { active: -1, refusedBusy: -1 } }),
  );
  const statuses: Record<string, number> = {};
  for (const tally of tallies) for (const [status, count] of Object.entries(tally.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const busyRefusals = tallies.reduce((sum, tally) => sum + tally.busy, 0);
  const fiveHundreds = Object.entries(statuses).reduce((sum, [status, count]) => sum + (Number(status) >= 500 ? count : 0), 0);
  return {
    date: new Date().toISOString(),
    machine: `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
    options,
    server: { environment: SERVER_ENVIRONMENT, maxConcurrentRuns: DEFAULT_LIMITS.maxConcurrentRuns, logFile: server.logFile },
    load: {
      seconds: result.duration,
      requests: result.requests,
      requestsPerSecond: result.requests / result.duration,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
    },
    statuses,
    byRequest: tallies,
    serverErrors: fiveHundreds - busyRefusals,
    busyRefusals,
    burst: { sent: burstSize, statuses: burstStatuses },
    rssMb: {
      afterWarmup,
      peak: Math.max(...samples),
      end,
      secondQuarter,
      lastQuarter,
      growth: lastQuarter - secondQuarter,
      everySecond: samples.filter((_rss, index) => index % (1000 / RSS_SAMPLE_MS) === 0).map(Math.round),
    },
    after: { alive: server.alive(), healthStatus: health.status, activeRuns: health.runs.active, refusedBusy: health.runs.refusedBusy },
  };
}

/** Every way the report falls short of issue 7's bar; empty when the server held. */
export function loadTestFailures(report: LoadTestReport): string[] {
  const failures: string[] = [];
  if (!report.after.alive) failures.push('the server process died');
  if (report.after.healthStatus !== 200 || report.after.activeRuns !== 0) failures.push(`health after the load: status ${report.after.healthStatus}, ${report.after.activeRuns} runs active`);
  if (report.serverErrors > 0) failures.push(`${report.serverErrors} answers were 5xx other than 503 busy with Retry-After`);
  if (report.load.errors > 0) failures.push(`${report.load.errors} connection errors (${report.load.timeouts} timeouts)`);
  if (report.busyRefusals === 0) failures.push('no request was refused busy: the concurrent-run limit was never reached');
  for (const tally of report.byRequest) {
    if (tally.unexpected > 0) failures.push(`${tally.name}: ${tally.unexpected} answers with an unexpected status (${JSON.stringify(tally.statuses)})`);
    if (tally.different > 0) failures.push(`${tally.name}: ${tally.different} answers differ from the idle server's bytes`);
  }
  const simulations = report.byRequest.filter((_tally, index) => LOAD_MIX[index]!.simulation);
  if (simulations.some((tally) => tally.identical === 0)) failures.push('a kind of simulation was never answered 200 under load');
  const bound = report.options.rssGrowthBoundMb;
  if (!(report.rssMb.growth <= bound)) failures.push(`RSS grew ${report.rssMb.growth.toFixed(0)} MB from the second to the last quarter of the load (bound ${bound} MB)`);
  if (!(report.rssMb.peak <= RSS_PEAK_BOUND_MB)) failures.push(`RSS peaked at ${report.rssMb.peak.toFixed(0)} MB (bound ${RSS_PEAK_BOUND_MB} MB)`);
  return failures;
}

/** Counts one answer of the mix's request `index`. */
type Recorder = (index: number, status: number, body: string, headers: Readonly<Record<string, unknown>>) => void;

/**
 * The mix on keep-alive connections for `seconds`, or until `maxRequests` answers: the requests
 * that keep their connection on `connections` connections, with the latency figures; those
 * that close it on one more connection of their own, alongside (their answers are counted).
 */
async function cannon(url: string, connections: number, seconds: number, maxRequests: number, record: Recorder) {
  let answered = 0;
  const instances: autocannon.Instance[] = [];
  const run = (closing: boolean, connectionCount: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const mix = [...LOAD_MIX.entries()].filter(([, request]) => Boolean(request.closesConnection) === closing);
      const instance = autocannon(
        {
          url,
          connections: connectionCount,
          duration: seconds,
          timeout: REQUEST_TIMEOUT_SECONDS,
          requests: mix.map(([index, request]) => ({
            method: request.method,
            path: request.path,
            ...(request.body === undefined ? {} : { body: request.body, headers: { 'content-type': request.contentType ?? 'application/json' } }),
            onResponse: (status: number, body: string, _context: object, headers: Record<string, unknown> | undefined) => {
              record(index, status, body, lowerCaseKeys(headers ?? {}));
              if (++answered >= maxRequests) for (const each of instances) each.stop();
            },
          })),
        },
        (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
      );
      instances.push(instance);
    });
  const [keeping, closing] = await Promise.all([run(false, connections), run(true, 1)]);
  return {
    duration: keeping.duration,
    requests: keeping.requests.total + closing.requests.total,
    latency: keeping.latency,
    errors: keeping.errors + closing.errors,
    timeouts: keeping.timeouts + closing.timeouts,
  };
}

/** The idle server's answer to each simulation of the mix, one request at a time. */
async function idleAnswers(url: string): Promise<Map<number, string>> {
  const answers = new Map<number, string>();
  for (const [index, request] of LOAD_MIX.entries()) {
    if (!request.simulation) continue;
    const { status, body } = await send(url, request);
    if (status !== 200) throw new Error(`${request.name}: the idle server answered ${status}: ${body.slice(0, 300)}`);
    answers.set(index, body);
  }
  return answers;
}

async function send(url: string, request: LoadRequest): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    ...(request.body === undefined ? {} : { body: request.body, headers: { 'content-type': request.contentType ?? 'application/json' } }),
  });
  return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
}

/** Waits until no run is computing (runs of connections the load generator cut at its end), or the server is gone. */
async function untilIdle(server: ServerUnderTest): Promise<void> {
  const deadline = Date.now() + DEFAULT_LIMITS.runTimeoutMs + REQUEST_TIMEOUT_SECONDS * 1000;
  for (;;) {
    if (!server.alive()) return;
    const runs = await fetch(`${server.url}/api/health`).then(
      async (response) => ((await response.json()) as { runs: { active: number } }).runs,
      () => ({ active: 0 }), // not answering: the checks after will say so
    );
    if (runs.active === 0) return;
    if (Date.now() > deadline) throw new Error(`${runs.active} runs still computing long after the load ended`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A 503 that is the server refusing work early: code `busy`, with Retry-After. */
function isBusy(body: string, headers: Readonly<Record<string, unknown>>): boolean {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code === 'busy' && headers['retry-after'] !== undefined;
  } catch {
    return false;
  }
}

function lowerCaseKeys(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
