import { parseArgs } from 'node:util';
import {
  FULL_LOAD,
  HEALTH_P99_BOUND_MS,
  HEALTH_P99_UNDER_MIX_BOUND_MS,
  HEAP_GROWTH_BOUND_BYTES_PER_REQUEST,
  loadTestFailures,
  RSS_PEAK_BOUND_MB,
  runLoadTest,
  SECOND_SIGNAL_EXIT_BOUND_MS,
  SHORT_LOAD,
  type LoadTestReport,
} from './loadTest.js';

/**
 * `npm run loadtest`: the load test (loadTest.ts) against the built server, a report, and exit
 * code 1 when a check fails. --short runs CI's version; --seconds, --connections and
 * --requests change the bounds; --json prints the report as one JSON document.
 *   node dist/benchmarks/loadTestMain.js [--short] [--seconds S] [--connections N] [--requests N] [--json]
 */
const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    requests: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const base = values.short ? SHORT_LOAD : FULL_LOAD;
const whole = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Math.max(1, Math.floor(Number(text)) || fallback));
const options = {
  ...base,
  durationSeconds: whole(values.seconds, base.durationSeconds),
  connections: whole(values.connections, base.connections),
  maxRequests: whole(values.requests, base.maxRequests),
};

const report = await runLoadTest(options);
const failures = loadTestFailures(report);
process.stdout.write(values.json ? JSON.stringify({ ...report, failures }) + '\n' : describe(report, failures));
process.exitCode = failures.length > 0 ? 1 : 0;

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(0)}`;
}

function describe(report: LoadTestReport, failures: readonly string[]): string {
  const { load, rssMb, after, health, caps, leak, shutdown } = report;
  const latency = (figures: LoadTestReport['health']['underLoad']) =>
    `p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, max ${figures.max.toFixed(1)} ms (${figures.count} requests)`;
  const counts = (statuses: Record<string, number>) =>
    Object.entries(statuses)
      .map(([status, count]) => `${status} × ${count.toLocaleString('en-US')}`)
      .join(', ');
  const rows = report.byRequest.map(
    (tally) => `| ${tally.name} | ${counts(tally.statuses)} | ${tally.identical + tally.different > 0 ? `${tally.identical} of ${tally.identical + tally.different}` : ''} |`,
  );
  return [
    `tradecast load test, ${report.date}; ${report.machine}`,
    `server: node dist/src/server/main.js on loopback, ${Object.entries(report.server.environment)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}, default limits (${report.server.maxConcurrentRuns} runs at once); log: ${report.server.logFile}`,
    `load: the mix of benchmarks/loadMix.ts on ${report.options.connections} keep-alive connections (autocannon), ${report.options.warmupSeconds} s warm-up, then ${report.options.durationSeconds} s or ${report.options.maxRequests.toLocaleString('en-US')} requests`,
    '',
    `${load.requests.toLocaleString('en-US')} requests in ${load.seconds.toFixed(1)} s: ${load.requestsPerSecond.toFixed(0)} requests/s; latency (requests that keep their connection) p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, max ${load.latencyMs.max} ms; ${load.errors} connection errors, ${load.timeouts} timeouts`,
    `all answers (warm-up, load, burst) by status: ${counts(report.statuses)}`,
    `503 busy with Retry-After: ${report.busyRefusals.toLocaleString('en-US')}; other 5xx: ${report.serverErrors}`,
    `burst of ${report.burst.sent} pool runs at once mid-load: ${counts(report.burst.statuses)}`,
    `GET /api/health on a connection of its own, under the mix: ${latency(health.underLoad)}; bound p99 < ${HEALTH_P99_UNDER_MIX_BOUND_MS} ms`,
    `requests at the caps, ${report.server.maxConcurrentRuns} at once for ${caps.seconds} s: ${Object.entries(caps.statuses)
      .map(([name, statuses]) => `${name}: ${counts(statuses)}`)
      .join('; ')}`,
    `GET /api/health meanwhile: ${latency(health.atCaps)}; bound p99 < ${HEALTH_P99_BOUND_MS} ms`,
    `leak check: heap and external memory after a full collection ${leak.samples.map((sample) => `${(sample.bytes / 1048576).toFixed(1)}`).join(' ')} MB after ${leak.samples.at(-1)!.requests} requests in ${leak.samples.length - 1} rounds: ${leak.bytesPerRequest.toFixed(0)} bytes a request by least squares (bound ${HEAP_GROWTH_BOUND_BYTES_PER_REQUEST})`,
    `server RSS: ${rssMb.afterWarmup.toFixed(0)} MB idle after the warm-up; under the load ${rssMb.secondQuarter.toFixed(0)} MB in its second quarter, ${rssMb.lastQuarter.toFixed(0)} MB in its last: ${signed(rssMb.growth)} MB (bound ${report.options.rssGrowthBoundMb ?? 'none'} MB); peak ${rssMb.peak.toFixed(0)} MB (bound ${RSS_PEAK_BOUND_MB} MB); ${rssMb.end.toFixed(0)} MB idle after`,
    `server RSS every second of the load, MB: ${rssMb.everySecond.join(' ')}`,
    `after: process ${after.alive ? 'alive' : 'DEAD'}, health ${after.healthStatus}, ${after.activeRuns} runs active, ${after.refusedBusy} refused busy since start`,
    `shutdown: SIGTERM, then SIGTERM again 200 ms later with ${shutdown.activeWhenSignalled} runs at the caps computing: exit ${shutdown.code} ${shutdown.secondSignalToExitMs.toFixed(0)} ms after the second (bound ${SECOND_SIGNAL_EXIT_BOUND_MS} ms)`,
    '',
    '| request | answers by status | simulations identical to the idle answer |',
    '| --- | --- | --- |',
    ...rows,
    '',
    failures.length === 0 ? 'all checks passed' : `FAILED:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`,
    '',
  ].join('\n');
}
