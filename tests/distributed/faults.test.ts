import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { encodeDescription } from '../../src/run/queue/runDescription.js';
import { QUEUE_LOCK_MS, QUEUE_LOST_MS, QUEUE_PREFIX, QUEUE_RESULT_TTL_MS, QUEUE_RUN_TTL_MS, QUEUE_SHARDS, QUEUE_STALLED_CHECK_MS, QUEUE_TICK_MS } from '../../src/run/queue/queueDefaults.js';
import { tradecast } from '../cli/cliHarness.js';
import { preparedRun, shipped } from '../helpers.js';
import { startCommand, startRedisServer, startWorker, waitFor, type RedisServer, type WorkerProcess } from './queueHarness.js';

/** Faults with real parts: a redis-server, worker processes, a coordinator process. */
const started: { redis: RedisServer[]; workers: WorkerProcess[]; clients: Redis[] } = { redis: [], workers: [], clients: [] };

afterEach(async () => {
  for (const client of started.clients.splice(0)) client.disconnect();
  await Promise.all(started.workers.splice(0).map((worker) => worker.stop(3_000)));
  await Promise.all(started.redis.splice(0).map((redis) => redis.stop()));
});

async function queue(): Promise<{ redis: RedisServer; client: Redis }> {
  const redis = await startRedisServer();
  started.redis.push(redis);
  const client = new Redis(redis.port, '127.0.0.1');
  // the tests stop this server: the client's reconnecting is expected, not news
  client.on('error', () => {});
  started.clients.push(client);
  return { redis, client };
}

async function worker(url: string): Promise<WorkerProcess> {
  const w = await startWorker(url);
  started.workers.push(w);
  return w;
}

const RUN = ['run', 'baseline', '--paths', '200000', '--seed', '8', '--format', 'json', '--no-progress'];

describe('a worker killed with SIGKILL mid-shard', () => {
  it('has its shard computed by another worker, and the result is still the bytes of one process', async () => {
    const { redis, client } = await queue();
    const [first] = [await worker(redis.url), await worker(redis.url)];
    const coordinator = startCommand([...RUN, '--queue', redis.url]);
    // four shards of 65,536 paths, a second or more each on one thread: killed once both workers
    // hold one (a fixed wait let a loaded machine kill the first before it took any)
    const shards = new Queue(QUEUE_SHARDS, { connection: client, prefix: QUEUE_PREFIX });
    await waitFor(async () => (await shards.getActiveCount()) >= 2, 30_000, 'both workers to take a shard');
    process.kill(first!.process.pid!, 'SIGKILL');
    const [queued, local] = await Promise.all([coordinator.done, tradecast([...RUN, '--threads', '1'])]);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    expect(queued.stdout).toBe(local.stdout);
    // the killed worker finished nothing; its lock lapsed and the other took the shard
    expect(first!.stderr()).not.toMatch(/totals of shard/);
    expect(queued.ms).toBeGreaterThan(QUEUE_LOCK_MS / 2);
  }, 90_000);
});

describe('a job a worker cannot serve honestly', () => {
  it('is refused, noted for the coordinator and put back, when it comes from another version or its inputs hash differently', async () => {
    const { redis, client } = await queue();
    const w = await worker(redis.url);
    const shards = new Queue(QUEUE_SHARDS, { connection: client, prefix: QUEUE_PREFIX });
    const run = preparedRun(shipped('baseline'), { paths: 5000, seed: 1 });
    const jobs = [
      { runId: 'otherversion', version: '0.0.0-elsewhere', inputHash: run.inputHash, reason: /runs tradecast .*needs 0\.0\.0-elsewhere/ },
      { runId: 'otherinputs', version: VERSION, inputHash: 'f'.repeat(64), reason: /input hash/ },
    ];
    for (const job of jobs) {
      await client.set(`${QUEUE_PREFIX}:run:${job.runId}:alive`, '1', 'PX', 60_000);
      await client.set(`${QUEUE_PREFIX}:run:${job.runId}:description`, encodeDescription(run, {}), 'PX', 60_000);
      await shards.add(
        'totals',
        { version: job.version, inputHash: job.inputHash, runId: job.runId, coordinator: 'test', round: 'totals', shard: 0, start: 0, end: 4096 },
        { jobId: `${job.runId}-totals-0-0` },
      );
    }
    for (const job of jobs) {
      await waitFor(async () => (await client.hlen(`${QUEUE_PREFIX}:run:${job.runId}:refused`)) > 0, 20_000, `the refusal of ${job.runId}`);
      const [why] = Object.values(await client.hgetall(`${QUEUE_PREFIX}:run:${job.runId}:refused`));
      expect(why).toMatch(job.reason);
      // put back for another worker, never computed
      expect(['delayed', 'waiting', 'active']).toContain(await shards.getJobState(`${job.runId}-totals-0-0`));
      expect(await client.keys(`${QUEUE_PREFIX}:run:${job.runId}:result:*`)).toEqual([]);
    }
    expect(w.stderr()).toMatch(/refused totals of shard 0 of run otherversion/);
    await shards.close();
  }, 60_000);
});

describe('the queue stopped mid-run', () => {
  it('fails the coordinator with one clear line within a bounded time, and no output', async () => {
    const { redis, client } = await queue();
    await worker(redis.url);
    const coordinator = startCommand([...RUN, '--queue', redis.url]);
    await waitFor(async () => (await client.keys(`${QUEUE_PREFIX}:run:*:result:*`)).length > 0 || (await client.keys(`${QUEUE_PREFIX}:run:*`)).length > 0, 20_000, 'the run to start');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stoppedAt = Date.now();
    await redis.stop();
    const outcome = await coordinator.done;
    const took = Date.now() - stoppedAt;
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(/lost the queue at redis:\/\/127\.0\.0\.1:\d+\/0 .*the run was stopped/);
    // bounded: the lost-queue limit, a tick to notice, and a margin for a busy machine
    expect(took).toBeLessThan(QUEUE_LOST_MS + 2 * QUEUE_TICK_MS + 5_000);
  }, 60_000);
});

describe('a coordinator that dies', () => {
  it('leaves nothing of its run in the queue past its TTL: its keys expire and workers drop its jobs unopened', async () => {
    const { redis, client } = await queue();
    await worker(redis.url);
    const coordinator = startCommand([...RUN, '--queue', redis.url]);
    await waitFor(async () => (await client.keys(`${QUEUE_PREFIX}:run:*`)).length > 0, 20_000, 'the run to start');
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(coordinator.process.pid!, 'SIGKILL');
    const killedAt = Date.now();
    await coordinator.done;
    const shards = new Queue(QUEUE_SHARDS, { connection: client, prefix: QUEUE_PREFIX });
    const left = async () => ({
      keys: [...(await client.keys(`${QUEUE_PREFIX}:run:*`)), ...(await client.keys(`${QUEUE_PREFIX}:coordinator:*`))],
      jobs: await shards.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'),
    });
    const ttl = Math.max(QUEUE_RUN_TTL_MS, QUEUE_RESULT_TTL_MS) + QUEUE_STALLED_CHECK_MS;
    await waitFor(
      async () => {
        const { keys, jobs } = await left();
        return keys.length === 0 && jobs === 0;
      },
      ttl + 10_000,
      `the dead coordinator's keys and jobs to go (left: ${JSON.stringify(await left())})`,
    );
    expect(Date.now() - killedAt).toBeLessThan(ttl + 10_000);
    await shards.close();
  }, 90_000);
});

describe('a worker told to stop', () => {
  it('leaves the queue and exits 0 on SIGTERM', async () => {
    const { redis, client } = await queue();
    const w = await worker(redis.url);
    expect(await client.scard(`${QUEUE_PREFIX}:workers`)).toBe(1);
    expect(await w.stop()).toBe(0);
    expect(await client.keys(`${QUEUE_PREFIX}:worker:*`)).toEqual([]);
    expect(w.stderr()).toMatch(/SIGTERM: finishing the shard in hand/);
  }, 30_000);
});

describe('a bad or unreachable queue', () => {
  it('gets one clear line and exit 2 from the command line: a bad URL, nothing listening, a wrong password', async () => {
    const locked = await startRedisServer(['--requirepass', 'right-password']);
    started.redis.push(locked);
    const cases = [
      { url: 'http://127.0.0.1:6379', message: /--queue: .*the scheme must be redis:\/\/ or rediss:\/\// },
      { url: 'redis://127.0.0.1:6379/zero', message: /--queue: .*the database must be a whole number/ },
      { url: 'redis://127.0.0.1:1/0', message: /cannot use the queue at redis:\/\/127\.0\.0\.1:1\/0: nothing listens there/ },
      { url: `redis://:wrong-password@127.0.0.1:${locked.port}/0`, message: /cannot use the queue at redis:\/\/:<password>@127\.0\.0\.1:\d+\/0: the server refused the password/ },
      { url: `redis://127.0.0.1:${locked.port}/0`, message: /the server wants a password/ },
    ];
    for (const { url, message } of cases) {
      for (const args of [
        ['run', 'baseline', '--paths', '100', '--queue', url],
        ['worker', '--queue', url],
      ]) {
        const outcome = await tradecast(args);
        expect(outcome.code, `${args.join(' ')}: ${outcome.stderr}`).toBe(2);
        expect(outcome.stderr, args.join(' ')).toMatch(message);
        expect(outcome.stderr).not.toMatch(/wrong-password/);
        expect(outcome.stderr.trim().split('\n').length, outcome.stderr).toBeLessThanOrEqual(2); // the line, and "see --help" for a usage error
      }
    }
    // the right password works
    const right = await startWorker(`redis://:right-password@127.0.0.1:${locked.port}/0`);
    started.workers.push(right);
    expect(right.stderr()).toMatch(/takes shards from redis:\/\/:<password>@127\.0\.0\.1:\d+\/0/);
  }, 90_000);
});
