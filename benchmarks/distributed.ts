// Distributed runs measured here (`npm run bench:distributed`): a redis-server on a free loopback
// port and `tradecast worker` processes of one thread each; this process coordinates (the
// runner and queue backend the command line uses). Local one-thread runs and one-worker queue
// runs alternate ROUNDS times, so a shared machine's load falls on both alike, and the medians
// are compared; then 2 and 4 workers. Every output must equal the local one. Bytes come from
// redis-server's own counters (BullMQ's traffic included); the worker's compute time per job
// comes with its results, so the wall time splits into computing and waiting.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { QUEUE_SHARD_PATHS } from '../src/run/queue/queueDefaults.js';
import { createQueueBackend } from '../src/run/queue/queueBackend.js';
import { parseQueueUrl } from '../src/run/queue/queueUrl.js';
import { prepareRun } from '../src/run/preparedRun.js';
import { createRunner, type Runner } from '../src/run/runner.js';
import { serializeResult } from '../src/run/serializeResult.js';
import { resolveScenarioFile, shippedScenarioFile } from '../src/scenario/loadScenario.js';
import { projectRoot } from '../src/scenario/projectPaths.js';

const root = projectRoot();
const bin = join(root, 'bin', 'tradecast.js');
const paths = Number(process.env.BENCH_PATHS ?? 524_288);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const resolved = resolveScenarioFile(shippedScenarioFile('baseline')!);
if (!resolved.ok) throw new Error('baseline does not resolve');
const prepared = prepareRun(resolved.resolved, { paths, seed: 2030 });
if (!prepared.ok) throw new Error('baseline does not prepare');
const run = prepared.run;

const port = await new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});
const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const url = `redis://127.0.0.1:${port}/0`;
const parsed = parseQueueUrl(url);
if (!parsed.ok) throw new Error(parsed.message);
const client = new Redis(port, '127.0.0.1');
const workers: ChildProcess[] = [];
const addWorkers = async (count: number) => {
  while (workers.length < count) workers.push(spawn(process.execPath, [bin, 'worker', '--queue', url, '--threads', '1', '--quiet'], { stdio: 'ignore' }));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
};

async function netBytes(): Promise<number> {
  const info = await client.info('stats');
  const read = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)![1]);
  return read('total_net_input_bytes') + read('total_net_output_bytes');
}

/** CPU time (user + system) of a process and all its threads so far, ms (Linux /proc; 100 ticks a second). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A run's wall time and the CPU time it took here, in the workers and in redis-server (less sensitive to a loaded machine than the wall clock). */
async function timed(runner: Runner): Promise<{ ms: number; cpuMs: number; bytes: string }> {
  const cpu = () => ownCpuMs() + cpuMsOf(redis.pid!) + workers.reduce((ms, worker) => ms + cpuMsOf(worker.pid!), 0);
  const cpuBefore = cpu();
  const started = performance.now();
  const outcome = await runner.run(run);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
  return { ms: performance.now() - started, cpuMs: cpu() - cpuBefore, bytes: serializeResult(outcome.result) };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const local = createRunner({ threads: 1 });
const backend = await createQueueBackend({ address: parsed.address });
const queued = createRunner({ queue: { backend, minPaths: 1 } });
await addWorkers(1);
const localMs: number[] = [];
const queuedMs: number[] = [];
const localCpu: number[] = [];
const queuedCpu: number[] = [];
let expected = '';
let bytesPerRun = 0;
for (let round = 0; round < ROUNDS; round++) {
  const here = await timed(local);
  expected = here.bytes;
  localMs.push(here.ms);
  localCpu.push(here.cpuMs);
  const before = await netBytes();
  const there = await timed(queued);
  bytesPerRun = (await netBytes()) - before;
  if (there.bytes !== expected) throw new Error('the queue gave other bytes than the local run');
  queuedMs.push(there.ms);
  queuedCpu.push(there.cpuMs);
}
const traffic = backend.traffic();
const shards = Math.ceil(paths / QUEUE_SHARD_PATHS);
const rows = [
  `local, 1 thread: median ${(median(localMs) / 1000).toFixed(2)} s (${localMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')})`,
  `1 worker process of 1 thread: median ${(median(queuedMs) / 1000).toFixed(2)} s (${queuedMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')}); same bytes: yes`,
  `  per-shard overhead (median of queued − local, over ${shards} shards of ${QUEUE_SHARD_PATHS} paths): ${((median(queuedMs) - median(localMs)) / shards).toFixed(0)} ms a shard, ${(((median(queuedMs) - median(localMs)) / median(localMs)) * 100).toFixed(1)}% of the local run`,
  `  where it goes, per shard: the worker computing (simulation and the three rounds' passes) ${(traffic.computeMs / ROUNDS / shards).toFixed(0)} ms; ` +
    `the worker idle between jobs (queue, transfer, the coordinator's merges) ${((median(queuedMs) - traffic.computeMs / ROUNDS) / shards).toFixed(0)} ms; the local run ${(median(localMs) / shards).toFixed(0)} ms`,
  `  CPU time (this process, the worker, redis-server): local median ${(median(localCpu) / 1000).toFixed(2)} s, queued median ${(median(queuedCpu) / 1000).toFixed(2)} s: ` +
    `${((median(queuedCpu) - median(localCpu)) / shards).toFixed(0)} ms a shard more, ${(((median(queuedCpu) - median(localCpu)) / median(localCpu)) * 100).toFixed(1)}% of the local run's`,
  `  through redis: ${(bytesPerRun / 1e6).toFixed(1)} MB a run = ${((bytesPerRun / 1e6) * (1_000_000 / paths)).toFixed(1)} MB per 1M paths`,
];
for (const count of [2, 4]) {
  await addWorkers(count);
  const there = await timed(queued);
  if (there.bytes !== expected) throw new Error(`${count} workers: other bytes than the local run`);
  rows.push(`${count} worker processes of 1 thread: ${(there.ms / 1000).toFixed(2)} s (${(median(localMs) / there.ms).toFixed(2)}× the local median); same bytes: yes`);
}
await Promise.all([local.close(), queued.close()]);
for (const worker of workers) worker.kill('SIGTERM');
await Promise.all(workers.map((worker) => once(worker, 'exit')));
client.disconnect();
redis.kill('SIGTERM');
console.log(`baseline, ${paths} paths, seed 2030; ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
for (const row of rows) console.log(row);
