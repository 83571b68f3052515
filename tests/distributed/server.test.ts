import { afterEach, describe, expect, it } from 'vitest';
import { serverSettingsFromEnvironment } from '../../src/server/serverSettings.js';
import { tradecast } from '../cli/cliHarness.js';
import { spawnServer, type ServerProcess } from '../server/serverHarness.js';
import { startRedisServer, startWorker, type RedisServer, type WorkerProcess } from './queueHarness.js';

/** The built server with TRADECAST_QUEUE, listening on a port, a real redis-server and worker behind it. */
const started: { servers: ServerProcess[]; workers: WorkerProcess[]; redis: RedisServer[] } = { servers: [], workers: [], redis: [] };

afterEach(async () => {
  for (const server of started.servers.splice(0)) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await Promise.all(started.workers.splice(0).map((worker) => worker.stop(3_000)));
  await Promise.all(started.redis.splice(0).map((redis) => redis.stop()));
});

const simulate = (url: string, body: object) => fetch(`${url}/api/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the server with TRADECAST_QUEUE', () => {
  it('sends runs from TRADECAST_QUEUE_MIN_PATHS up to the queue and answers the bytes of tradecast run; smaller runs stay here', async () => {
    const redis = await startRedisServer();
    started.redis.push(redis);
    const worker = await startWorker(redis.url);
    started.workers.push(worker);
    const server = await spawnServer({ TRADECAST_QUEUE: redis.url, TRADECAST_QUEUE_MIN_PATHS: '20000', LOG_LEVEL: 'info' });
    started.servers.push(server);
    const [large, small] = await Promise.all([simulate(server.url, { scenario: 'baseline', paths: 30_000, seed: 6 }), simulate(server.url, { scenario: 'baseline', paths: 2_000, seed: 6 })]);
    expect(large.status).toBe(200);
    expect(small.status).toBe(200);
    const [cliLarge, cliSmall] = await Promise.all([
      tradecast(['run', 'baseline', '--paths', '30000', '--seed', '6', '--format', 'json']),
      tradecast(['run', 'baseline', '--paths', '2000', '--seed', '6', '--format', 'json']),
    ]);
    expect(await large.text()).toBe(cliLarge.stdout);
    expect(await small.text()).toBe(cliSmall.stdout);
    // the large one went through the worker, the small one did not
    expect(worker.stderr().match(/totals of shard/g)?.length).toBe(1);
  }, 90_000);

  it('answers 503 queue-unavailable, in one clear message, for runs meant for a queue it cannot reach or whose password is wrong; the rest is served', async () => {
    const locked = await startRedisServer(['--requirepass', 'sesame']);
    started.redis.push(locked);
    for (const url of ['redis://127.0.0.1:1/0', `redis://:wrong@127.0.0.1:${locked.port}/0`]) {
      const server = await spawnServer({ TRADECAST_QUEUE: url, TRADECAST_QUEUE_MIN_PATHS: '20000' });
      started.servers.push(server);
      const refused = await simulate(server.url, { scenario: 'baseline', paths: 25_000 });
      expect(refused.status).toBe(503);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('queue-unavailable');
      expect(error.message).toMatch(/cannot use the queue at redis:\/\/.*127\.0\.0\.1:\d+\/0: (nothing listens there|the server refused the password)/);
      expect(error.message).not.toMatch(/wrong/);
      expect((await simulate(server.url, { scenario: 'baseline', paths: 500 })).status).toBe(200);
      expect(server.stderr.join('')).toMatch(/TRADECAST_QUEUE: cannot use the queue/);
    }
  }, 90_000);

  it('refuses to start (exit 2, naming the variable) with a malformed TRADECAST_QUEUE', async () => {
    const settings = serverSettingsFromEnvironment({ TRADECAST_QUEUE: 'redis//nowhere', TRADECAST_QUEUE_MIN_PATHS: '0' });
    expect(settings.ok).toBe(false);
    if (settings.ok) return;
    expect(settings.problems.join('\n')).toMatch(/TRADECAST_QUEUE="redis\/\/nowhere": .*expected redis:\/\/HOST:PORT/);
    expect(settings.problems.join('\n')).toMatch(/TRADECAST_QUEUE_MIN_PATHS="0"/);
    await expect(spawnServer({ TRADECAST_QUEUE: 'http://x' })).rejects.toThrow(/exited \(2\).*TRADECAST_QUEUE/s);
  }, 30_000);
});
