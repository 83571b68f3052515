import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.js';
import type { RunCounts } from '../../src/server/runTracker.js';
import { listeningApp, postSimulation } from './serverHarness.js';

/** Paths of the run the client walks away from: minutes of work if nothing stopped it. */
const ABANDONED_PATHS = 150_000;
/** CPU time the process may spend while it should be idle (GC, timers), ms per QUIET_MS of wall time. */
const IDLE_CPU_MS = 100;
const QUIET_MS = 300;

let app: App;
let url: string;
// room for the run and the analysis below (whose bootstrap counts too)
beforeAll(async () => ({ app, url } = await listeningApp({ limits: { maxPathYears: 2 * ABANDONED_PATHS * 6 } })));
afterAll(() => app.close());

async function runCounts(): Promise<RunCounts> {
  return ((await (await fetch(`${url}/api/health`)).json()) as { runs: RunCounts }).runs;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the app listening on a real port', () => {
  it('answers over HTTP with the same bytes as through inject', async () => {
    const body = { scenario: 'oil-slump', paths: 400, seed: 5 };
    const overHttp = await fetch(`${url}/api/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(overHttp.status).toBe(200);
    expect(await overHttp.text()).toBe((await postSimulation(app, body)).body);
  });

  it('stops computing a run when its client disconnects, and keeps serving while it runs', async () => {
    await expectStopsWhenTheClientLeaves('/api/simulations', { scenario: 'baseline', paths: ABANDONED_PATHS });
  });

  it('stops computing an analysis when its client disconnects (a Sobol design of as many simulated paths)', async () => {
    // 3,750 samples × 40 evaluations (38 factors + 2) of one path each: 150,000 simulated paths, 6 years each
    await expectStopsWhenTheClientLeaves('/api/sensitivity', { scenario: 'baseline', samples: ABANDONED_PATHS / 40 });
  });
});

/**
 * Starts a run of ABANDONED_PATHS paths, hangs up once it is under way, and checks that the
 * server counts it cancelled and the CPU stops working on it: no more paths, an idle process.
 */
async function expectStopsWhenTheClientLeaves(path: string, body: object): Promise<void> {
  const before = await runCounts();
  const client = httpRequest(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false });
  const clientError = new Promise((resolve) => client.on('error', resolve)); // we hang up ourselves
  client.end(JSON.stringify(body));

  // the health route answers mid-run: the run yields between chunks of paths
  await until(async () => (await runCounts()).pathsSimulated > before.pathsSimulated, 'the run is under way');
  expect((await runCounts()).active).toBe(1);
  client.destroy();
  await clientError;

  await until(async () => (await runCounts()).active === 0, 'the run has stopped');
  const stopped = await runCounts();
  expect(stopped.cancelled - before.cancelled).toBe(1);
  expect(stopped.completed).toBe(before.completed);
  const simulated = stopped.pathsSimulated - before.pathsSimulated;
  expect(simulated).toBeGreaterThan(0);
  expect(simulated).toBeLessThan(ABANDONED_PATHS);

  // the CPU has stopped working on it: no more paths, and the process is idle
  const cpuBefore = process.cpuUsage();
  await sleep(QUIET_MS);
  const cpu = process.cpuUsage(cpuBefore);
  expect((await runCounts()).pathsSimulated).toBe(stopped.pathsSimulated);
  expect((cpu.user + cpu.system) / 1_000).toBeLessThan(IDLE_CPU_MS);
}
