import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { SimulationOutput } from '../../core/simulationOutput.js';
import { VERSION } from '../../version.js';
import { createRunner } from '../runner.js';
import { decodeFrame, encodeFrame, type Section } from './frame.js';
import { bullmqConnection, connectQueue, holderQueue, queueKeys, type ShardJob } from './queueConnection.js';
import {
  QUEUE_LOCK_MS,
  QUEUE_MAX_STALLS,
  QUEUE_PREFIX,
  QUEUE_REFUSED_DELAY_MS,
  QUEUE_RESULT_TTL_MS,
  QUEUE_RUN_TTL_MS,
  QUEUE_SHARDS,
  QUEUE_STALLED_CHECK_MS,
  QUEUE_STOP_GRACE_MS,
  QUEUE_TICK_MS,
  QUEUE_WORKER_CACHE_BYTES,
  QUEUE_WORKER_TTL_MS,
} from './queueDefaults.js';
import type { QueueAddress } from './queueUrl.js';
import { describedRun, type DescribedRun, type DescribedRunResult } from './runDescription.js';
import { blocksOf, shardMultiplicities, shardTotals, type BlockTotals, type BucketEdges, type WantedBuckets } from './shardStatistics.js';
import type { ShardStatisticsReply, ShardStatisticsRequest } from './shardStatisticsWorker.js';
import { createWorkerPool, siblingScript } from '../workerPool.js';

/**
 * A queue worker (`tradecast worker --queue URL`): takes shards from the shared queue and
 * computes them on its own pool of worker threads, so its main thread stays free to renew the
 * job's lock (a lapsed lock would let a second worker take the same shard). Results go under
 * their own keys with a TTL; the coordinator is told on its list. It keeps the paths of the
 * shards whose summary it started (rounds 2 and 3 come to its own queue), up to a memory bound.
 *
 * A job it cannot serve honestly it refuses: another version of tradecast, or inputs that hash
 * differently with its code; the job goes back for another worker and the refusal is noted
 * for the coordinator. A job whose coordinator has gone (its run's heartbeat expired) is dropped.
 */
export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  /** worker threads of its pool (at least 1: never on the main thread) */
  readonly threads: number;
  readonly cacheBytes?: number;
  /** a line of what it does (the command line writes them to stderr) */
  readonly log?: (line: string) => void;
}

export interface QueueWorker {
  readonly id: string;
  /** Takes no more shards, finishes the one it computes, says goodbye to the queue. */
  stop(): Promise<void>;
}

interface HeldShard {
  readonly output: SimulationOutput;
  readonly multiplicities: Int32Array | undefined;
  readonly bytes: number;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { address } = options;
  const log = options.log ?? (() => {});
  const client = await connectQueue(address);
  const id = `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const runner = createRunner({ threads: Math.max(1, options.threads), offCallingThread: true });
  const cacheBytes = options.cacheBytes ?? QUEUE_WORKER_CACHE_BYTES;
  // the rounds' passes over a shard's values, split by blocks over as many threads as the simulation's
  const statistics = createWorkerPool<ShardStatisticsRequest, ShardStatisticsReply>({
    threads: runner.threads,
    script: siblingScript(import.meta.url, 'shardStatisticsWorker'),
    failed: (reply) => reply.type === 'failed',
  });
  /** One round's pass over every block of a held shard, on the statistics threads; the parts in block order. */
  async function onThreads(
    shard: HeldShard,
    question: { round: 'totals' } | { round: 'counts'; edges: BucketEdges } | { round: 'values'; edges: BucketEdges; wanted: WantedBuckets },
  ): Promise<ShardStatisticsReply[]> {
    const blocks = blocksOf(shard.output);
    const parts = Math.min(blocks, statistics.threads);
    const replies = await Promise.all(
      Array.from({ length: parts }, async (_, i) => {
        const outcome = await statistics.submit({
          ...question,
          shard: shard.output,
          multiplicities: shard.multiplicities,
          from: Math.floor((i * blocks) / parts),
          to: Math.floor(((i + 1) * blocks) / parts),
        });
        if (outcome.kind !== 'done') throw new Error('the statistics threads were stopped');
        if (outcome.reply.type === 'failed') throw new Error(`statistics thread: ${outcome.reply.message}`);
        return outcome.reply;
      }),
    );
    return replies;
  }
  const described = new Map<string, Promise<DescribedRunResult | null>>();
  const questions = new Map<string, Promise<Buffer | null>>();
  const held = new Map<string, HeldShard>();
  let heldBytes = 0;

  const heartbeat = async () => {
    await client
      .multi()
      .set(queueKeys.worker(id), JSON.stringify({ version: VERSION, threads: runner.threads, host: hostname(), pid: process.pid }), 'PX', QUEUE_WORKER_TTL_MS)
      .sadd(queueKeys.workers, id)
      .exec();
  };
  await heartbeat();
  const beating = setInterval(() => heartbeat().catch(() => {}), QUEUE_TICK_MS);

  /** The run a job belongs to, prepared by this worker's code (once per run); null when the run is gone. */
  function runOf(runId: string): Promise<DescribedRunResult | null> {
    let entry = described.get(runId);
    if (!entry) {
      entry = client.getBuffer(queueKeys.runDescription(runId)).then((bytes) => (bytes ? describedRun(bytes) : null));
      described.set(runId, entry);
      while (described.size > 16) described.delete(described.keys().next().value!);
      entry.then((result) => result === null && described.delete(runId)).catch(() => described.delete(runId));
    }
    return entry;
  }

  /** A question the coordinator wrote for round 2 or 3 (once per run). */
  function questionOf(key: string): Promise<Buffer | null> {
    let entry = questions.get(key);
    if (!entry) {
      entry = client.getBuffer(key);
      questions.set(key, entry);
      while (questions.size > 32) questions.delete(questions.keys().next().value!);
      entry.then((bytes) => bytes === null && questions.delete(key)).catch(() => questions.delete(key));
    }
    return entry;
  }

  async function simulateShard({ run, design }: DescribedRun, start: number, end: number): Promise<SimulationOutput> {
    const paths = end - start;
    const parameters = run.plan.parameters.length;
    const outcome = await runner.simulate(
      { ...run, paths },
      { sharedOutput: true },
      {
        // the run's own path keys, so the shard draws what the same paths draw in one process
        pathKeys: design.pathKeys ? design.pathKeys.slice(start, end) : Uint32Array.from({ length: paths }, (_, i) => start + i),
        ...(design.parameterUniforms ? { parameterUniforms: design.parameterUniforms.slice(start * parameters, end * parameters) } : {}),
      },
    );
    if (!outcome.ok) throw new Error('the worker was stopped mid-shard');
    return outcome.output;
  }

  /** The paths of a shard this worker holds, or computes again (dropped for memory, or never held). */
  async function heldShard(job: ShardJob, run: DescribedRun): Promise<HeldShard> {
    const key = `${job.runId}/${job.shard}`;
    const found = held.get(key);
    if (found) return found;
    const output = await simulateShard(run, job.start, job.end);
    return hold(key, output, run.design.resample ? shardMultiplicities(run.design.resample, job.start, job.end) : undefined);
  }

  function hold(key: string, simulated: SimulationOutput, multiplicities: Int32Array | undefined): HeldShard {
    // in shared memory (the pool wrote it there), so the statistics threads read it where it is
    const share = <A extends Float64Array | Uint8Array | Int32Array>(from: A, make: (buffer: SharedArrayBuffer) => A): A => {
      if (from.buffer instanceof SharedArrayBuffer) return from;
      const to = make(new SharedArrayBuffer(from.byteLength));
      to.set(from as never);
      return to;
    };
    const output: SimulationOutput = { ...simulated, values: simulated.values.map((v) => share(v, (b) => new Float64Array(b))), regime: share(simulated.regime, (b) => new Uint8Array(b)) };
    const bytes = output.values.reduce((n, v) => n + v.byteLength, output.regime.byteLength);
    const entry = { output, multiplicities: multiplicities && share(multiplicities, (b) => new Int32Array(b)), bytes };
    held.set(key, entry);
    heldBytes += bytes;
    for (const [oldest, shard] of held) {
      if (heldBytes <= cacheBytes || oldest === key) break;
      held.delete(oldest);
      heldBytes -= shard.bytes;
    }
    return entry;
  }

  function release(key: string): void {
    const shard = held.get(key);
    if (!shard) return;
    held.delete(key);
    heldBytes -= shard.bytes;
  }

  /** A job's answer: its arrays, and whether they are worth deflating. */
  async function compute(job: ShardJob, run: DescribedRun): Promise<{ readonly sections: Section[]; readonly deflate: boolean }> {
    const key = `${job.runId}/${job.shard}`;
    switch (job.round) {
      case 'simulate': {
        const output = await simulateShard(run, job.start, job.end);
        return { sections: [...output.values, output.regime], deflate: false };
      }
      case 'totals': {
        const output = await simulateShard(run, job.start, job.end);
        const shard = hold(key, output, run.design.resample ? shardMultiplicities(run.design.resample, job.start, job.end) : undefined);
        const parts = (await onThreads(shard, { round: 'totals' })).map((reply) => (reply as Extract<ShardStatisticsReply, { type: 'totals' }>).totals);
        const blocks: BlockTotals = {
          chunkSums: concat(
            parts.map((p) => p.chunkSums),
            Float64Array,
          ),
          min: concat(
            parts.map((p) => p.min),
            Float64Array,
          ),
          max: concat(
            parts.map((p) => p.max),
            Float64Array,
          ),
          nonFinite: concat(
            parts.map((p) => p.nonFinite),
            Int32Array,
          ),
        };
        const totals = shardTotals(run.run, shard.output, shard.multiplicities, blocks);
        return { sections: [totals.chunkSums, totals.chunkCounts, totals.min, totals.max, totals.nonFinite, totals.regimeCounts, totals.targetHits, totals.targetPairs], deflate: false };
      }
      case 'counts': {
        const shard = await heldShard(job, run);
        const edges = await edgesOf(job.runId);
        const parts = (await onThreads(shard, { round: 'counts', edges })).map((reply) => (reply as Extract<ShardStatisticsReply, { type: 'counts' }>).counts);
        return { sections: [concat(parts, Int32Array)], deflate: true };
      }
      case 'values': {
        const shard = await heldShard(job, run);
        const [edges, wanted] = await Promise.all([edgesOf(job.runId), wantedOf(job.runId)]);
        const parts = (await onThreads(shard, { round: 'values', edges, wanted })).map((reply) => reply as Extract<ShardStatisticsReply, { type: 'values' }>);
        const counts = concat(
          parts.map((p) => p.counts),
          Int32Array,
        );
        const values = concat(
          parts.map((p) => p.values),
          Float64Array,
        );
        // the last round of this shard: its paths are no longer needed
        release(key);
        return { sections: [counts, values], deflate: true };
      }
    }
  }

  async function edgesOf(runId: string): Promise<BucketEdges> {
    const bytes = await questionOf(queueKeys.runEdges(runId));
    if (!bytes) throw new Error('the run has no bucket edges (its coordinator has gone)');
    const [buckets, min, scale] = decodeFrame(bytes).sections as [Int32Array, Float64Array, Float64Array];
    return { buckets, min, scale };
  }

  async function wantedOf(runId: string): Promise<WantedBuckets> {
    const bytes = await questionOf(queueKeys.runWanted(runId));
    if (!bytes) throw new Error('the run has no wanted buckets (its coordinator has gone)');
    const [starts, buckets] = decodeFrame(bytes).sections as [Int32Array, Int32Array];
    return { starts, buckets };
  }

  /** Notes why this worker will not compute the job and puts it back for another worker. */
  async function refuse(job: Job<ShardJob>, token: string | undefined, why: string): Promise<never> {
    log(`refused ${job.data.round} of shard ${job.data.shard} of run ${job.data.runId}: ${why}`);
    await client.multi().hset(queueKeys.runRefused(job.data.runId), id, why).pexpire(queueKeys.runRefused(job.data.runId), QUEUE_RUN_TTL_MS).exec();
    await job.moveToDelayed(Date.now() + QUEUE_REFUSED_DELAY_MS, token);
    throw new DelayedError();
  }

  async function processJob(job: Job<ShardJob>, token?: string): Promise<void> {
    const data = job.data;
    // a run whose coordinator has gone: nothing to compute for
    if (!(await client.exists(queueKeys.runAlive(data.runId)))) {
      release(`${data.runId}/${data.shard}`);
      return;
    }
    if (data.version !== VERSION) return refuse(job, token, `this worker runs tradecast ${VERSION}, the job needs ${data.version}`);
    const run = await runOf(data.runId);
    if (run === null) return;
    if (!run.ok) return refuse(job, token, run.refusal);
    if (run.described.run.inputHash !== data.inputHash) return refuse(job, token, `the job's input hash ${data.inputHash.slice(0, 12)}… is not its run's`);
    const started = performance.now();
    let result: Buffer;
    try {
      const { sections, deflate } = await compute(data, run.described);
      result = encodeFrame({ holder: id, computeMs: performance.now() - started }, sections, deflate);
    } catch (error) {
      result = encodeFrame({ holder: id, error: (error as Error).message }, []);
    }
    const computeMs = performance.now() - started;
    // the result first, then the word: a coordinator that hears of a job finds its result
    const done = queueKeys.done(data.coordinator);
    await client.multi().set(queueKeys.result(data.runId, job.id!), result, 'PX', QUEUE_RESULT_TTL_MS).lpush(done, job.id!).pexpire(done, QUEUE_RUN_TTL_MS).exec();
    log(`${data.round} of shard ${data.shard} (paths ${data.start}–${data.end - 1}) of run ${data.runId}: ${computeMs.toFixed(0)} ms, ${result.length} bytes`);
  }

  const workerOptions = {
    connection: bullmqConnection(address),
    prefix: QUEUE_PREFIX,
    concurrency: 1,
    lockDuration: QUEUE_LOCK_MS,
    stalledInterval: QUEUE_STALLED_CHECK_MS,
    maxStalledCount: QUEUE_MAX_STALLS,
  };
  const shared = new Worker<ShardJob, void>(QUEUE_SHARDS, processJob, workerOptions);
  const own = new Worker<ShardJob, void>(holderQueue(id), processJob, workerOptions);
  // a lost server repeats its error on every reconnection attempt: say each new one once
  let lastError = '';
  for (const worker of [shared, own]) {
    worker.on('error', (error) => {
      if (error.message !== lastError) log(`queue: ${(lastError = error.message)}`);
    });
  }
  log(`worker ${id} (tradecast ${VERSION}, ${runner.threads} threads) takes shards from ${address.shown}`);

  return {
    id,
    async stop() {
      // close() waits for the job in hand: the shard is finished, not dropped (unless the server is gone for good)
      const closing = Promise.all([shared.close(), own.close()]);
      if (!(await within(QUEUE_STOP_GRACE_MS, closing))) await within(QUEUE_TICK_MS, Promise.all([shared.close(true), own.close(true)]));
      clearInterval(beating);
      // gone at once, so coordinators send this worker's held shards elsewhere without waiting for the heartbeat to lapse
      await within(QUEUE_TICK_MS, client.multi().del(queueKeys.worker(id)).srem(queueKeys.workers, id).exec());
      const mine = new Queue(holderQueue(id), { connection: client, prefix: QUEUE_PREFIX });
      mine.on('error', () => {});
      await within(QUEUE_TICK_MS, mine.obliterate({ force: true }));
      await within(QUEUE_TICK_MS, mine.close());
      await Promise.all([runner.close(), statistics.close()]);
      held.clear();
      client.disconnect();
    },
  };
}

/** Waits for `promise` at most `ms`: true when it settled in time (its failure ignored). */
async function within(ms: number, promise: Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}

/** Typed arrays one after another. */
function concat<A extends Float64Array | Int32Array>(parts: readonly A[], Type: { new (length: number): A }): A {
  const joined = new Type(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part as never, at);
    at += part.length;
  }
  return joined;
}
