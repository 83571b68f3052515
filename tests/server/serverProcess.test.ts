import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/scenario/projectPaths.js';
import { logMessages, spawnServer } from './serverHarness.js';

/** A run long enough (≈ 1 s or more here) to still be computing when the signal arrives. */
const LONG_RUN_PATHS = 100_000;

async function activeRuns(url: string): Promise<number> {
  return ((await (await fetch(`${url}/api/health`)).json()) as { runs: { active: number } }).runs.active;
}

/** Opens a new TCP connection (no keep-alive pool) and reports whether the server took it. */
function connects(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = httpRequest(`${url}/api/health`, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on('error', () => resolve(false));
    probe.end();
  });
}

describe('the server process (node dist/src/server/main.js)', () => {
  it('on SIGTERM refuses new connections, finishes the request in flight with 200, and exits 0', async () => {
    const server = await spawnServer();
    const inFlight = fetch(`${server.url}/api/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'baseline', paths: LONG_RUN_PATHS }),
    });
    let answered = false;
    void inFlight.then(() => (answered = true));
    while ((await activeRuns(server.url)) !== 1) await new Promise((resolve) => setTimeout(resolve, 5));

    server.child.kill('SIGTERM');
    let refused = false;
    while (!refused && !answered) refused = !(await connects(server.url));
    expect(refused).toBe(true); // before the run was done

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { paths: number }).paths).toBe(LONG_RUN_PATHS);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const messages = logMessages(server.logs);
    const order = ['shutting down', 'run completed', 'closed'].map((start) => messages.findIndex((message) => message.startsWith(start)));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('`tradecast serve` starts the same server and stops on SIGINT with exit 0', async () => {
    const server = await spawnServer({ PORT: '3000' }, ['serve', '--port', '0']); // the flag wins over PORT
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const scenarios = (await (await fetch(`${server.url}/api/scenarios`)).json()) as { scenarios: unknown[] };
    expect(scenarios.scenarios.length).toBeGreaterThan(0);
    server.child.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 2 naming the variable when the environment holds a bad setting', async () => {
    const outcome = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [join(projectRoot(), 'dist', 'src', 'server', 'main.js')], { env: { ...process.env, PORT: 'eighty', TRADECAST_MAX_PATH_YEARS: '-5' } }, (error, _stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      ),
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('PORT="eighty"');
    expect(outcome.stderr).toContain('TRADECAST_MAX_PATH_YEARS="-5"');
  });
});
