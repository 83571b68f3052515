// Distributed runs measured here (`npm run bench:distributed`): a redis-server on a free loopback
// port, 1, 2 and 4 `tradecast worker` processes of one thread each, and the same run local on
// one and two threads for comparison; prints wall times, their ratios within this one session,
// the queue's bytes (redis-server's own counters) per 1M paths and the per-shard overhead.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { QUEUE_SHARD_PATHS } from '../src/run/queue/queueDefaults.js';
import { projectRoot } from '../src/scenario/projectPaths.js';

const root = projectRoot();
const bin = join(root, 'bin', 'tradecast.js');
const paths = Number(process.env.BENCH_PATHS ?? 524_288);
const runArgs = ['run', 'baseline', '--paths', String(paths), '--seed', '2030', '--format', 'json', '--no-progress'];

const port = await new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});
const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const url = `redis://127.0.0.1:${port}/0`;
const client = new Redis(port, '127.0.0.1');

function timed(args: readonly string[]): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bin, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve({ ms: performance.now() - started, stdout }))),
  );
}

async function netBytes(): Promise<number> {
  const info = await client.info('stats');
  const read = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)![1]);
  return read('total_net_input_bytes') + read('total_net_output_bytes');
}

const rows: string[] = [];
const local1 = await timed([...runArgs, '--threads', '1']);
const local2 = await timed([...runArgs, '--threads', '2']);
rows.push(`local, 1 thread: ${(local1.ms / 1000).toFixed(1)} s`, `local, 2 threads: ${(local2.ms / 1000).toFixed(1)} s (${(local1.ms / local2.ms).toFixed(2)}× one thread)`);
const workers: ReturnType<typeof spawn>[] = [];
for (const count of [1, 2, 4]) {
  while (workers.length < count) {
    const worker = spawn(process.execPath, [bin, 'worker', '--queue', url, '--threads', '1', '--quiet'], { stdio: 'ignore' });
    workers.push(worker);
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const before = await netBytes();
  const queued = await timed([...runArgs, '--queue', url]);
  const bytes = (await netBytes()) - before;
  if (queued.stdout !== local1.stdout) throw new Error(`${count} workers: the output differs from the local run's`);
  rows.push(
    `${count} worker process${count > 1 ? 'es' : ''} of 1 thread: ${(queued.ms / 1000).toFixed(1)} s (${(local1.ms / queued.ms).toFixed(2)}× local on 1 thread); ` +
      `${(bytes / 1e6).toFixed(1)} MB through redis = ${((bytes / 1e6) * (1_000_000 / paths)).toFixed(1)} MB per 1M paths; same bytes as local: yes`,
  );
  if (count === 1) {
    const shards = Math.ceil(paths / QUEUE_SHARD_PATHS);
    rows.push(`  per-shard overhead with one worker (its wall time less local on 1 thread, over ${shards} shards of ${QUEUE_SHARD_PATHS} paths): ${((queued.ms - local1.ms) / shards).toFixed(0)} ms a shard, ${(((queued.ms - local1.ms) / local1.ms) * 100).toFixed(1)}% of the compute`);
  }
}
for (const worker of workers) worker.kill('SIGTERM');
await Promise.all(workers.map((worker) => once(worker, 'exit')));
client.disconnect();
redis.kill('SIGTERM');
console.log(`tradecast run baseline --paths ${paths} --seed 2030, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
for (const row of rows) console.log(row);
