import { describe, expect, it } from 'vitest';
import { LOAD_MIX } from '../../benchmarks/loadMix.js';
import { loadTestFailures, RSS_GROWTH_BOUND_MB, RSS_PEAK_BOUND_MB, runLoadTest, SHORT_LOAD } from '../../benchmarks/loadTest.js';

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
      expect(rssMb.growth).toBeLessThanOrEqual(RSS_GROWTH_BOUND_MB);
      expect(rssMb.peak).toBeLessThanOrEqual(RSS_PEAK_BOUND_MB);
      expect(report.after).toMatchObject({ alive: true, healthStatus: 200, activeRuns: 0 });
      expect(loadTestFailures(report)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
