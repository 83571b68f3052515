import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsOnWorkers } from '../../src/run/runner.js';
import type { RunCounts } from '../../src/server/runTracker.js';
import { tradecast } from '../cli/cliHarness.js';
import { logMessages, spawnServer, type ServerProcess } from './serverHarness.js';

const THREADS = 2;
/** Over PARALLEL_MIN_PATHS: the server sends this run to its worker threads. */
const WORKER_PATHS = 30_000;
/** The run the client walks away from: seconds of work if nothing stopped it. */
const ABANDONED_PATHS = 100_000;

let server: ServerProcess;
beforeAll(async () => (server = await spawnServer({ TRADECAST_THREADS: String(THREADS) })));
afterAll(() => server.child.kill('SIGKILL'));

const runCounts = async () => ((await (await fetch(`${server.url}/api/health`)).json()) as { runs: RunCounts }).runs;
/** OS threads of the server process (Linux); each worker thread adds some. */
const osThreads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1]);

describe('the server process with its worker pool (TRADECAST_THREADS=2)', () => {
  it('answers a run large enough for the workers with exactly the bytes of the single-threaded CLI', async () => {
    expect(runsOnWorkers(WORKER_PATHS, THREADS)).toBe(true);
    const threadsBefore = existsSync('/proc/self/status') ? osThreads() : undefined;
    const response = await fetch(`${server.url}/api/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'escalation', paths: WORKER_PATHS, seed: 21, overrides: { westernWedge: 0.4 } }),
    });
    expect(response.status).toBe(200);
    const cli = await tradecast(['run', 'escalation', '--paths', String(WORKER_PATHS), '--seed', '21', '--set', 'westernWedge=0.4', '--threads', '1', '--format', 'json']);
    expect(cli.code).toBe(0);
    expect(await response.text()).toBe(cli.stdout);
    // the pool started its workers for this run (none before the first large run)
    if (threadsBefore !== undefined) expect(osThreads()).toBeGreaterThanOrEqual(threadsBefore + THREADS);
  });

  it('stops a run on the workers when its client disconnects', async () => {
    const before = await runCounts();
    const client = httpRequest(`${server.url}/api/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false });
    const hungUp = new Promise((resolve) => client.on('error', resolve));
    client.end(JSON.stringify({ scenario: 'baseline', paths: ABANDONED_PATHS }));
    while ((await runCounts()).pathsSimulated === before.pathsSimulated) await new Promise((resolve) => setTimeout(resolve, 5));
    client.destroy();
    await hungUp;
    let now = await runCounts();
    while (now.active > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      now = await runCounts();
    }
    expect(now.cancelled - before.cancelled).toBe(1);
    expect(now.pathsSimulated - before.pathsSimulated).toBeLessThan(ABANDONED_PATHS);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await runCounts()).pathsSimulated).toBe(now.pathsSimulated); // the workers stopped too
  });

  it('on SIGTERM closes the pool after the requests in flight and exits 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const messages = logMessages(server.logs);
    expect(messages).toContain('simulation pool ready');
    expect(messages.at(-1)).toBe('closed');
  });
});
