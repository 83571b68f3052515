import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareScenarios } from '../../src/analysis/compare.js';
import { analyseSensitivity } from '../../src/analysis/sensitivity/sensitivity.js';
import { sweepScenario } from '../../src/analysis/sweep.js';
import { PATHS_PER_CHUNK } from '../../src/core/defaults.js';
import { createQueueBackend, type QueueBackend } from '../../src/run/queue/queueBackend.js';
import { parseQueueUrl, type QueueAddress } from '../../src/run/queue/queueUrl.js';
import type { PreparedRun } from '../../src/run/preparedRun.js';
import { createRunner, type Runner } from '../../src/run/runner.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { tradecast } from '../cli/cliHarness.js';
import { callingThread, preparedRun, resultOf, shipped } from '../helpers.js';
import { startRedisServer, startWorker, type RedisServer, type WorkerProcess } from './queueHarness.js';

/**
 * The same bytes from a queue as from one process: two real worker processes behind a real
 * redis-server; this test's process coordinates, with shards of a few sizes (the command line
 * uses the default size; its own test is last).
 */
let redis: RedisServer;
let address: QueueAddress;
const workers: WorkerProcess[] = [];
const runners: Runner[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  const parsed = parseQueueUrl(redis.url);
  if (!parsed.ok) throw new Error(parsed.message);
  address = parsed.address;
  workers.push(...(await Promise.all([startWorker(redis.url), startWorker(redis.url)])));
}, 60_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
  await Promise.all(workers.map((worker) => worker.stop()));
  await redis?.stop();
});

async function queueRunner(shardPaths: number): Promise<{ runner: Runner; backend: QueueBackend }> {
  const backend = await createQueueBackend({ address, shardPaths });
  const runner = createRunner({ queue: { backend, minPaths: 1 } });
  runners.push(runner);
  return { runner, backend };
}

async function bytes(runner: Runner, run: PreparedRun): Promise<string> {
  const outcome = await runner.run(run);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
  return serializeResult(outcome.result);
}

describe('a run on the queue', () => {
  it('gives the bytes of one process for any number of shards, the last one short', async () => {
    const run = preparedRun(shipped('escalation'), { paths: 5 * PATHS_PER_CHUNK + 1234, seed: 17 });
    const expected = await bytes(callingThread, run);
    for (const chunks of [1, 2, 8]) {
      const { runner, backend } = await queueRunner(chunks * PATHS_PER_CHUNK);
      expect(await bytes(runner, run), `shards of ${chunks} chunks`).toBe(expected);
      // the work went through the queue: one job per shard per round (more only if one was resent)
      expect(backend.traffic().jobs).toBeGreaterThanOrEqual(3 * Math.ceil(run.paths / (chunks * PATHS_PER_CHUNK)));
    }
    // both workers took shards
    for (const worker of workers) expect(worker.stderr()).toMatch(/totals of shard/);
  });

  it('gives an antithetic run (pairs across the shards, an odd path last) the bytes of one process on the TypeScript kernel', async () => {
    const run = preparedRun(shipped('baseline'), { paths: 3 * PATHS_PER_CHUNK + 777, seed: 23, sampling: 'antithetic' });
    const reference = createRunner({ kernel: 'ts' });
    runners.push(reference);
    const expected = await bytes(reference, run);
    expect(expected).toContain('"sampling":"antithetic"');
    const { runner } = await queueRunner(PATHS_PER_CHUNK);
    expect(await bytes(runner, run)).toBe(expected);
  });

  it('gives the bytes of one process for a run conditioned on an observed outcome', async () => {
    const free = await resultOf(shipped('baseline'), { paths: 4000, seed: 4 });
    const resolved = shipped('baseline', { observe: [{ name: 'turnover', year: free.years[0]!, value: free.series.turnover!.p75[0]! }] });
    const run = preparedRun(resolved, { paths: 3 * PATHS_PER_CHUNK + 99, seed: 4 });
    const { runner } = await queueRunner(PATHS_PER_CHUNK);
    expect(await bytes(runner, run)).toBe(await bytes(callingThread, run));
  });

  it('gives a comparison (every path brought back) and a sensitivity analysis the bytes of one process', async () => {
    const { runner } = await queueRunner(PATHS_PER_CHUNK);
    const entries = [{ resolved: shipped('baseline') }, { resolved: shipped('thaw') }];
    const options = { paths: 2 * PATHS_PER_CHUNK + 5, seed: 3 };
    const [remote, local] = await Promise.all([compareScenarios(entries, options, { runner }), compareScenarios(entries, options, { runner: callingThread })]);
    expect(remote.ok && serializeResult(remote.result)).toBe(local.ok && serializeResult(local.result));
    const sensitivity = { method: 'sobol' as const, samples: 16, resamples: 20 };
    const [there, here] = await Promise.all([analyseSensitivity(shipped('baseline'), sensitivity, { runner }), analyseSensitivity(shipped('baseline'), sensitivity, { runner: callingThread })]);
    expect(there.ok && serializeResult(there.result)).toBe(here.ok && serializeResult(here.result));
  });

  it('gives a sweep, its points in flight at once across the workers, the bytes of one process', async () => {
    const { runner } = await queueRunner(PATHS_PER_CHUNK);
    expect(runner.runsInFlight).toBeGreaterThan(1);
    const options = {
      grid: [
        { knob: 'oilLongRun', from: 50, to: 80, step: 10 },
        { knob: 'recyclingFeeWedge', from: 0, to: 0.2, step: 0.2 },
      ],
      paths: PATHS_PER_CHUNK + 3,
      seed: 12,
    };
    const [there, here] = await Promise.all([sweepScenario(shipped('baseline'), options, { runner }), sweepScenario(shipped('baseline'), options, { runner: callingThread })]);
    expect(there.ok && serializeResult(there.result)).toBe(here.ok && serializeResult(here.result));
  });

  it('tradecast run --queue prints the bytes of tradecast run', async () => {
    const args = ['run', 'baseline', '--paths', '70000', '--seed', '5', '--format', 'json', '--no-progress'];
    const [queued, local] = await Promise.all([tradecast([...args, '--queue', redis.url]), tradecast([...args, '--threads', '1'])]);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    expect(queued.stdout).toBe(local.stdout);
  });
});
