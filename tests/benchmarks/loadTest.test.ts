import { describe, expect, it } from 'vitest';
import { LOAD_MIX } from '../../benchmarks/loadMix.js';
import {
  heapGrowth,
  HEALTH_P99_BOUND_MS,
  HEALTH_P99_UNDER_MIX_BOUND_MS,
  HEAP_GROWTH_BOUND_BYTES_PER_REQUEST,
  leastSquaresSlope,
  loadTestFailures,
  RSS_PEAK_BOUND_MB,
  runLoadTest,
  SECOND_SIGNAL_EXIT_BOUND_MS,
  SERVER_ENVIRONMENT,
  SHORT_LOAD,
  type LoadTestReport,
} from '../../benchmarks/loadTest.js';
import { startServer } from '../../benchmarks/serverUnderTest.js';

/** The short load test: ≈ 40 s of load in its phases plus start-up; bounded by time and by requests. */
const TIMEOUT_MS = 180_000;

describe('the server under load (short version of npm run loadtest)', () => {
  it(
    'answers the mix with no 5xx but 503 busy and identical bytes, keeps health under 100 ms at p99 with requests at the caps computing (250 ms under the mix), keeps no memory per request, and exits at once on a second SIGTERM',
    async () => {
      const report = await runLoadTest(SHORT_LOAD);
      const { load, rssMb, health, leak, shutdown } = report;
      console.log(
        `load test (short): ${load.requests} requests in ${load.seconds.toFixed(1)} s, ${load.requestsPerSecond.toFixed(0)}/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms; ` +
          `statuses ${JSON.stringify(report.statuses)}; busy ${report.busyRefusals}; ` +
          `health p50/p99/max under the mix ${health.underLoad.p50.toFixed(1)}/${health.underLoad.p99.toFixed(1)}/${health.underLoad.max.toFixed(1)} ms, at the caps ${health.atCaps.p50.toFixed(1)}/${health.atCaps.p99.toFixed(1)}/${health.atCaps.max.toFixed(1)} ms; ` +
          `caps ${JSON.stringify(report.caps.statuses)}; heap ${leak.bytesPerRequest.toFixed(0)} bytes a request over ${leak.samples.at(-1)!.requests} requests; ` +
          `second SIGTERM to exit ${shutdown.secondSignalToExitMs.toFixed(0)} ms (exit ${shutdown.code}); RSS peak ${rssMb.peak.toFixed(0)} MB`,
      );
      // nothing broke: no 500, no other 5xx than the deliberate 503 busy (with Retry-After), no lost connection
      expect(report.statuses['500']).toBeUndefined();
      expect(report.serverErrors).toBe(0);
      expect(load.errors).toBe(0);
      expect(report.busyRefusals).toBeGreaterThan(0); // too much work was refused early
      expect(report.statuses['503']).toBe(report.busyRefusals);
      // every answer as the request deserves, and every simulation the idle server's bytes
      for (const [index, tally] of report.byRequest.entries()) {
        expect(tally.unexpected, tally.name).toBe(0);
        if (!LOAD_MIX[index]!.simulation) continue;
        expect(tally.different, tally.name).toBe(0);
        expect(tally.identical, tally.name).toBeGreaterThan(0);
      }
      // the server's thread stays free: health answered fast with requests at the caps computing,
      // and within a queue's wait under the mix, which saturates the server's thread
      expect(health.atCaps.p99).toBeLessThan(HEALTH_P99_BOUND_MS);
      expect(health.underLoad.p99).toBeLessThan(HEALTH_P99_UNDER_MIX_BOUND_MS);
      expect(report.caps.unexpected).toBe(0);
      expect(leak.bytesPerRequest).toBeLessThanOrEqual(HEAP_GROWTH_BOUND_BYTES_PER_REQUEST);
      expect(rssMb.peak).toBeLessThanOrEqual(RSS_PEAK_BOUND_MB);
      expect(report.after).toMatchObject({ alive: true, healthStatus: 200, activeRuns: 0 });
      expect(shutdown.code).toBe(1);
      expect(shutdown.secondSignalToExitMs).toBeLessThanOrEqual(SECOND_SIGNAL_EXIT_BOUND_MS);
      expect(loadTestFailures(report)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'detects a leak of 2 KB a request: the slope it measures is that leak or a little more, and four times the bound',
    async () => {
      // The same server, keeping 2,048 bytes for every request it receives (serverWithProbe.ts,
      // TRADECAST_TEST_LEAK_BYTES). The check's slope on a healthy server is a few bytes a
      // request (measured 8–10 over 3,500–11,000 requests); with the leak it reads 2,048 and a
      // few hundred more (measured 2,633: the check's own health polls between rounds are
      // requests too, kept by the leak but not counted) — four times the bound of 512 and more.
      const leakBytes = 2_048;
      const server = await startServer({ ...SERVER_ENVIRONMENT, LOG_LEVEL: 'warn', TRADECAST_TEST_LEAK_BYTES: String(leakBytes) });
      try {
        await heapGrowth(server, { leakRounds: 1, leakRequestsPerRound: 200, connections: 8 }); // warm-up: caches and compiled code
        const leak = await heapGrowth(server, { leakRounds: 6, leakRequestsPerRound: 150, connections: 8 });
        console.log(`an injected leak of ${leakBytes} bytes a request measured as ${leak.bytesPerRequest.toFixed(0)} bytes a request over ${leak.samples.at(-1)!.requests} requests`);
        expect(leak.bytesPerRequest).toBeGreaterThan(Math.max(HEAP_GROWTH_BOUND_BYTES_PER_REQUEST, 0.9 * leakBytes));
        expect(leak.bytesPerRequest).toBeLessThan(2 * leakBytes);
      } finally {
        await server.stop();
      }
    },
    TIMEOUT_MS,
  );

  it('fits a slope by least squares', () => {
    expect(
      leastSquaresSlope([
        [0, 10],
        [100, 210],
        [200, 390],
        [300, 610],
      ]),
    ).toBeCloseTo(1.98, 10);
  });

  it('fails a report with a 500, a non-busy 503, changed bytes, no refusal, slow health, growing memory, a slow exit or a dead server', () => {
    const tally = (index: number) => ({ name: LOAD_MIX[index]!.name, statuses: { 200: 1 }, unexpected: 0, busy: 0, identical: 1, different: 0 });
    const latency = { count: 100, p50: 2, p99: 20, max: 40 };
    const healthy: LoadTestReport = {
      date: '',
      machine: '',
      options: SHORT_LOAD,
      health: { underLoad: latency, atCaps: latency },
      caps: { seconds: 1, statuses: {}, unexpected: 0 },
      leak: {
        samples: [
          { requests: 0, bytes: 1 },
          { requests: 100, bytes: 1 },
        ],
        bytesPerRequest: 0,
      },
      shutdown: { secondSignalToExitMs: 50, code: 1, activeWhenSignalled: 4 },
      server: { environment: {}, maxConcurrentRuns: 4, logFile: '' },
      load: { seconds: 1, requests: 1, requestsPerSecond: 1, latencyMs: { p50: 1, p99: 1, max: 1 }, errors: 0, timeouts: 0 },
      statuses: { 200: 10, 503: 1 },
      byRequest: LOAD_MIX.map((_request, index) => tally(index)),
      serverErrors: 0,
      busyRefusals: 1,
      burst: { sent: 8, statuses: {} },
      rssMb: { afterWarmup: 300, peak: 400, end: 350, secondQuarter: 380, lastQuarter: 390, growth: 10, everySecond: [] },
      after: { alive: true, healthStatus: 200, activeRuns: 0, refusedBusy: 1 },
    };
    expect(loadTestFailures(healthy)).toEqual([]);
    const broken: Partial<LoadTestReport>[] = [
      { serverErrors: 1 },
      { busyRefusals: 0 },
      { byRequest: healthy.byRequest.map((each, index) => (index === 0 ? { ...each, different: 1 } : each)) },
      { byRequest: healthy.byRequest.map((each, index) => (index === 1 ? { ...each, unexpected: 1 } : each)) },
      { health: { underLoad: { ...latency, p99: HEALTH_P99_UNDER_MIX_BOUND_MS }, atCaps: latency } },
      { health: { underLoad: latency, atCaps: { ...latency, p99: HEALTH_P99_BOUND_MS } } },
      { health: { underLoad: latency, atCaps: { ...latency, p99: 250 } } },
      { caps: { seconds: 1, statuses: {}, unexpected: 1 } },
      { leak: { ...healthy.leak, bytesPerRequest: HEAP_GROWTH_BOUND_BYTES_PER_REQUEST + 1 } },
      { leak: { ...healthy.leak, bytesPerRequest: Number.NaN } },
      { shutdown: { ...healthy.shutdown, secondSignalToExitMs: SECOND_SIGNAL_EXIT_BOUND_MS + 1 } },
      { shutdown: { ...healthy.shutdown, code: 0 } },
      { options: { ...SHORT_LOAD, rssGrowthBoundMb: 64 }, rssMb: { ...healthy.rssMb, growth: 65 } },
      { rssMb: { ...healthy.rssMb, peak: RSS_PEAK_BOUND_MB + 1 } },
      { after: { ...healthy.after, alive: false } },
      { load: { ...healthy.load, errors: 1 } },
    ];
    for (const change of broken) expect(loadTestFailures({ ...healthy, ...change }), JSON.stringify(change).slice(0, 80)).toHaveLength(1);
  });
});
