import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeResult } from '../../src/run/serializeResult.js';
import { createComputePool } from '../../src/server/computePool.js';
import type { App } from '../../src/server/app.js';
import type { RunCounts } from '../../src/server/runTracker.js';
import { CRASH_SEEDS } from '../fixtures/crashSeeds.js';
import { resultOf, shipped } from '../helpers.js';
import { listeningApp } from '../server/serverHarness.js';

/** A run long enough (≈ 0.5–3 s here on one thread with the WebAssembly kernel) to still be computing when the other dies at its first chunk. */
const HEALTHY_PATHS = 100_000;
/** The run whose worker dies at its first progress report (after its first chunk of 4,096 paths). */
const CRASHING_PATHS = 10_000;
/** Each case's three runs and the CLI's reference bytes take seconds; on a machine shared with other jobs, tens of them. */
const CASE_TIMEOUT_MS = 120_000;

// a real listening server whose compute pool runs the crashing worker script (tests/fixtures)
const pool = createComputePool({ threads: 2, workerScript: new URL('../fixtures/crashingComputeWorker.ts', import.meta.url) });
const logLines: string[] = [];
let app: App;
let url: string;
beforeAll(async () => {
  ({ app, url } = await listeningApp({ compute: pool, logger: { level: 'warn', stream: { write: (line: string) => logLines.push(line) } } }));
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

const simulate = (body: object) => fetch(`${url}/api/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const runCounts = async () => ((await (await fetch(`${url}/api/health`)).json()) as { runs: RunCounts }).runs;
const expected = async (paths: number, seed: number) => serializeResult(await resultOf(shipped('baseline'), { paths, seed }));

describe('a worker thread that dies under a listening server', () => {
  it.each(Object.entries(CRASH_SEEDS))(
    'by %s: its request gets a clean 500 (detail in the log only), requests running alongside succeed, the worker is replaced',
    async (how, crashSeed) => {
      const before = await runCounts();
      const healthySeed = 100 + before.completed;
      const events: string[] = [];
      const healthy = simulate({ scenario: 'baseline', paths: HEALTHY_PATHS, seed: healthySeed }).then(
        async (response) => (events.push('healthy'), { status: response.status, body: await response.text() }),
      );
      while ((await runCounts()).pathsSimulated === before.pathsSimulated) await new Promise((resolve) => setTimeout(resolve, 5)); // under way on the workers
      const threadsBefore = pool.workerThreadIds();

      const [crashed, small] = await Promise.all([
        simulate({ scenario: 'baseline', paths: CRASHING_PATHS, seed: crashSeed }).then((response) => (events.push('crashed'), response)),
        simulate({ scenario: 'thaw', paths: 500, seed: 2 }), // waits for a thread, then runs on the dead one's replacement
      ]);
      expect(crashed.status).toBe(500);
      const body = await crashed.text();
      expect(JSON.parse(body)).toEqual({ error: { code: 'internal', message: 'internal server error; the server log has the details' } });
      expect(small.status).toBe(200);
      expect(((await small.json()) as { paths: number }).paths).toBe(500);

      const { status, body: healthyBody } = await healthy;
      expect(status).toBe(200);
      expect(healthyBody).toBe(await expected(HEALTHY_PATHS, healthySeed));
      expect(events).toEqual(['crashed', 'healthy']); // they overlapped: the healthy run was going before and after

      // the detail is in the log, not in the answer
      const detail = how === 'exit' ? 'stopped with exit code 70' : 'injected fault';
      expect(logLines.some((line) => line.includes(detail) && line.includes('"msg":"internal error"'))).toBe(true);
      expect(body).not.toContain(detail);

      // the pool keeps serving, at full strength, with a new thread in the dead one's place
      const after = await simulate({ scenario: 'baseline', paths: CRASHING_PATHS, seed: 5 });
      expect(after.status).toBe(200);
      expect(await after.text()).toBe(await expected(CRASHING_PATHS, 5));
      const threadsAfter = pool.workerThreadIds();
      expect(threadsAfter).toHaveLength(2);
      expect(threadsAfter.filter((id) => !threadsBefore.includes(id))).toHaveLength(1);
      expect(await runCounts()).toMatchObject({ active: 0, failed: before.failed + 1, completed: before.completed + 3 });
    },
    CASE_TIMEOUT_MS,
  );
});
