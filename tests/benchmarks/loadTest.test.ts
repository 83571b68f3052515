import { describe, expect, it } from 'vitest';
import { LOAD_MIX } from '../../benchmarks/loadMix.js';
import { loadTestFailures, RSS_PEAK_BOUND_MB, runLoadTest, SHORT_LOAD, type LoadTestReport } from '../../benchmarks/loadTest.js';

/** The short load test: ≈ 15 s of load plus start-up; bounded by time and by requests. */
const TIMEOUT_MS = 90_000;

describe('the server under load (short version of npm run loadtest)', () => {
  it(
    'answers a mix of simulations, scenario reads and bad bodies with no 5xx but 503 busy, identical bytes, bounded memory, and stays up',
    async () => {
      const report = await runLoadTest(SHORT_LOAD);
      const { load, rssMb } = report;
      console.log(
        `load test (short): ${load.requests} requests in ${load.seconds.toFixed(1)} s, ${load.requestsPerSecond.toFixed(0)}/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms; ` +
          `statuses ${JSON.stringify(report.statuses)}; busy ${report.busyRefusals}; RSS ${rssMb.secondQuarter.toFixed(0)} → ${rssMb.lastQuarter.toFixed(0)} MB, peak ${rssMb.peak.toFixed(0)} MB`,
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
      expect(rssMb.growth).toBeLessThanOrEqual(SHORT_LOAD.rssGrowthBoundMb);
      expect(rssMb.peak).toBeLessThanOrEqual(RSS_PEAK_BOUND_MB);
      expect(report.after).toMatchObject({ alive: true, healthStatus: 200, activeRuns: 0 });
      expect(loadTestFailures(report)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it('fails a report with a 500, a non-busy 503, changed bytes, no refusal, growing memory or a dead server', () => {
    const tally = (index: number) => ({ name: LOAD_MIX[index]!.name, statuses: { 200: 1 }, unexpected: 0, busy: 0, identical: 1, different: 0 });
    const healthy: LoadTestReport = {
      date: '',
      machine: '',
      options: SHORT_LOAD,
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
      { rssMb: { ...healthy.rssMb, growth: SHORT_LOAD.rssGrowthBoundMb + 1 } },
      { rssMb: { ...healthy.rssMb, growth: Number.NaN } },
      { rssMb: { ...healthy.rssMb, peak: RSS_PEAK_BOUND_MB + 1 } },
      { after: { ...healthy.after, alive: false } },
      { load: { ...healthy.load, errors: 1 } },
    ];
    for (const change of broken) expect(loadTestFailures({ ...healthy, ...change }), JSON.stringify(change).slice(0, 80)).toHaveLength(1);
  });
});
