import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { seriesOf } from '../../core/simulationOutput.js';
import { VERSION } from '../../version.js';
import { kernelNamed } from '../kernelChoice.js';
import type { PreparedRun } from '../preparedRun.js';
import { QueueError } from '../queueError.js';
import type { RunBackend, RunSession, RunSummary, SummariseRequest } from '../runBackend.js';
import { allocateLocal, createRunBuffers, createTaskWorkspace, executeTask, type RunTask, type SimulateTask, type SimulationDesign } from '../runTasks.js';
import { decodeFrame, encodeFrame, type DecodedFrame } from './frame.js';
import { connectQueue, holderQueue, queueKeys, reason, type ShardJob } from './queueConnection.js';
import { QUEUE_LOST_MS, QUEUE_MAX_RESENDS, QUEUE_NO_WORKER_MS, QUEUE_PREFIX, QUEUE_RUN_TTL_MS, QUEUE_RUNS_IN_FLIGHT, QUEUE_SHARD_PATHS, QUEUE_SHARDS, QUEUE_TICK_MS } from './queueDefaults.js';
import type { QueueAddress } from './queueUrl.js';
import { encodeDescription } from './runDescription.js';
import { addCounts, bucketEdges, mergeTotals, percentilesFromShards, shardsOf, wantedBuckets, type Shard, type ShardTotals } from './shardStatistics.js';

/**
 * A queue of other machines' workers as a backend: this process is the coordinator. A run is
 * cut into shards of whole chunks; each shard is a BullMQ job on the shared queue, which any
 * worker (`tradecast worker`) takes. `summarise` runs the three rounds of shardStatistics.ts
 * (totals on the shared queue; counts and values on the queue of the worker holding the
 * shard's paths); a session (`simulate`) brings every path back, for the analyses that read
 * paths. Faults:
 * - a worker that dies mid-shard loses its job's lock; BullMQ hands the job to another worker
 *   (the numbers of a shard do not depend on who computes it);
 * - a worker that dies holding a shard's paths is noticed by its heartbeat; the shard is
 *   computed again elsewhere, and its round asked there;
 * - a lost server (QUEUE_LOST_MS), no live worker (QUEUE_NO_WORKER_MS), every live worker
 *   refusing the run, or a shard that failed: the run fails with a QueueError saying so —
 *   never a result from part of the paths;
 * - a coordinator that dies leaves keys that expire (QUEUE_RUN_TTL_MS, QUEUE_RESULT_TTL_MS) and
 *   jobs that workers drop unopened once its run's heartbeat has expired.
 * Completion: a worker writes its result, then pushes the job's id onto this coordinator's list,
 * which a blocking pop reads — a list keeps what was pushed before anyone listened, so a fast
 * job is not missed as a late event listener misses it — and a poll of the jobs' states every
 * QUEUE_TICK_MS catches jobs that failed or vanished.
 */
export interface QueueBackend extends RunBackend {
  /** what went through the queue so far: jobs, bytes each way, and the workers' compute time */
  traffic(): QueueTraffic;
}

export interface QueueTraffic {
  readonly jobs: number;
  /** bytes this coordinator wrote (descriptions, questions) and read (results) */
  readonly bytesOut: number;
  readonly bytesIn: number;
  /** sum over jobs of the workers' compute time, and of the time from adding a job to reading its result, ms */
  readonly computeMs: number;
  readonly jobMs: number;
}

export interface QueueBackendOptions {
  readonly address: QueueAddress;
  /** paths per shard (a multiple of PATHS_PER_CHUNK) */
  readonly shardPaths?: number;
}

/** A job's answer was lost with the worker that held its shard: compute the shard again elsewhere. */
class HolderLost extends Error {}
/** The run was stopped by its signal. */
class Stopped extends Error {}

interface Pending {
  readonly jobId: string;
  readonly runId: string;
  readonly queue: Queue;
  readonly holder: string | undefined;
  readonly added: number;
  readonly resolve: (frame: DecodedFrame) => void;
  readonly reject: (error: Error) => void;
  /** ticks the job has been missing from its queue without a result */
  missing: number;
  /** the queue has the job (its add returned) */
  queued: boolean;
}

interface OpenRun {
  readonly runId: string;
  readonly keys: string[];
  readonly pending: Set<Pending>;
  fail(error: Error): void;
}

export async function createQueueBackend(options: QueueBackendOptions): Promise<QueueBackend> {
  const { address } = options;
  const shardPaths = options.shardPaths ?? QUEUE_SHARD_PATHS;
  const client = await connectQueue(address);
  const listener = await connectQueue(address, true).catch((error) => {
    client.disconnect();
    throw error;
  });
  const coordinator = randomBytes(8).toString('hex');
  const doneKey = queueKeys.done(coordinator);
  const shared = new Queue(QUEUE_SHARDS, { connection: client, prefix: QUEUE_PREFIX });
  // the tick watches the connection and says what is wrong once; BullMQ's own complaints go nowhere
  shared.on('error', () => {});
  const holders = new Map<string, Queue>();
  const pending = new Map<string, Pending>();
  const runs = new Map<string, OpenRun>();
  const traffic = { jobs: 0, bytesOut: 0, bytesIn: 0, computeMs: 0, jobMs: 0 };
  let lastReady = Date.now();
  let lastProblem = '';
  let noWorkerSince: number | undefined;
  let closed = false;
  let jobCounter = 0;

  for (const connection of [client, listener]) connection.on('error', (error: Error & { code?: string }) => (lastProblem = reason(error)));

  const holderQueueOf = (workerId: string) => {
    let queue = holders.get(workerId);
    if (!queue) {
      queue = new Queue(holderQueue(workerId), { connection: client, prefix: QUEUE_PREFIX });
      queue.on('error', () => {});
      holders.set(workerId, queue);
    }
    return queue;
  };

  // — completion: the blocking pop of this coordinator's list —
  const listening = (async () => {
    while (!closed) {
      const item = await listener.blpop(doneKey, 1).catch(() => null);
      if (item) await finished(item[1]).catch(() => {});
    }
  })();

  /** jobs whose result is being read (by the list's reader or the tick's poll: one of them reads it) */
  const reading = new Set<string>();
  async function finished(jobId: string): Promise<void> {
    const job = pending.get(jobId);
    if (!job || reading.has(jobId)) return;
    reading.add(jobId);
    const bytes = await client.getdelBuffer(queueKeys.result(job.runId, jobId)).finally(() => reading.delete(jobId));
    if (!pending.has(jobId)) return;
    pending.delete(jobId);
    runs.get(job.runId)?.pending.delete(job);
    if (!bytes) return job.reject(new HolderLost(`the result of ${jobId} expired before it was read`));
    traffic.bytesIn += bytes.length;
    traffic.jobMs += Date.now() - job.added;
    const frame = decodeFrame(bytes);
    const header = frame.header as { holder: string; computeMs?: number; error?: string };
    traffic.computeMs += header.computeMs ?? 0;
    if (header.error !== undefined) return job.reject(new QueueError('failed', `worker ${header.holder} failed a shard: ${header.error}`));
    job.resolve(frame);
  }

  // — every tick: renew the runs' keys, watch the server, the workers, refusals and the jobs —
  const ticking = setInterval(() => void tick().catch(() => {}), QUEUE_TICK_MS);
  async function tick(): Promise<void> {
    if (closed) return;
    const now = Date.now();
    if (client.status !== 'ready') {
      if (now - lastReady > QUEUE_LOST_MS)
        failAll(new QueueError('lost', `lost the queue at ${address.shown} (${lastProblem || client.status}) for over ${QUEUE_LOST_MS / 1000} s; the run was stopped`));
      return;
    }
    lastReady = now;
    if (runs.size === 0) return;
    const renew = client.multi().pexpire(doneKey, QUEUE_RUN_TTL_MS);
    for (const run of runs.values()) for (const key of run.keys) renew.pexpire(key, QUEUE_RUN_TTL_MS);
    await renew.exec();

    const live = await liveWorkers();
    if (live.size > 0) noWorkerSince = undefined;
    else if (pending.size > 0) {
      noWorkerSince ??= now;
      if (now - noWorkerSince > QUEUE_NO_WORKER_MS) {
        failAll(
          new QueueError(
            'no-workers',
            `no tradecast worker has been connected to the queue at ${address.shown} for ${QUEUE_NO_WORKER_MS / 1000} s; start one with: tradecast worker --queue ${address.shown}`,
          ),
        );
        return;
      }
    }
    for (const run of runs.values()) {
      if (run.pending.size === 0) continue;
      const refused = await client.hgetall(queueKeys.runRefused(run.runId));
      const refusers = Object.keys(refused);
      if (refusers.length > 0 && live.size > 0 && [...live].every((worker) => refusers.includes(worker))) {
        run.fail(
          new QueueError(
            'refused',
            `every worker refused the run: ${Object.entries(refused)
              .map(([worker, why]) => `${worker}: ${why}`)
              .join('; ')}`,
          ),
        );
      }
    }
    for (const job of [...pending.values()]) {
      if (job.holder !== undefined && !live.has(job.holder)) {
        settle(job, new HolderLost(`worker ${job.holder} is gone`));
        await forgetHolder(job.holder);
        continue;
      }
      const state = await job.queue.getJobState(job.jobId);
      if (state === 'failed') {
        const failed = await job.queue.getJob(job.jobId);
        settle(job, new QueueError('failed', `a shard failed on the queue: ${failed?.failedReason ?? 'no reason given'}`));
        await failed?.remove().catch(() => {});
      } else if (state === 'unknown' && job.queued) {
        // finished and removed: its result is waiting to be read (its word may be behind others in the list)
        if (await client.exists(queueKeys.result(job.runId, job.jobId))) await finished(job.jobId);
        else if (++job.missing > 2) settle(job, new HolderLost(`job ${job.jobId} left its queue without a result`));
      }
    }
  }

  async function liveWorkers(): Promise<Set<string>> {
    const ids = await client.smembers(queueKeys.workers);
    if (ids.length === 0) return new Set();
    const alive = await Promise.all(ids.map((id) => client.exists(queueKeys.worker(id))));
    const dead = ids.filter((_, i) => alive[i] === 0);
    if (dead.length > 0) await client.srem(queueKeys.workers, ...dead);
    return new Set(ids.filter((_, i) => alive[i] === 1));
  }

  /** A dead worker's own queue, with the jobs it will never take. */
  async function forgetHolder(workerId: string): Promise<void> {
    const queue = holders.get(workerId);
    if (!queue) return;
    holders.delete(workerId);
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close().catch(() => {});
  }

  function settle(job: Pending, error: Error): void {
    if (!pending.delete(job.jobId)) return;
    runs.get(job.runId)?.pending.delete(job);
    job.reject(error);
    void job.queue.remove(job.jobId).catch(() => {});
  }

  function failAll(error: Error): void {
    for (const run of [...runs.values()]) run.fail(error);
  }

  /** Registers a run: its description under its key, its heartbeat, its jobs. */
  async function openRun(
    run: PreparedRun,
    design: SimulationDesign,
    signal: AbortSignal,
  ): Promise<{
    run: OpenRun;
    submit: (round: ShardJob['round'], shard: Shard, holder?: string) => Promise<DecodedFrame>;
    ask: (key: string, bytes: Buffer) => Promise<void>;
    close: () => Promise<void>;
  }> {
    if (closed) throw new Error('the queue backend is closed');
    const runId = randomBytes(8).toString('hex');
    const description = encodeDescription(run, design);
    const keys = [queueKeys.runAlive(runId), queueKeys.runDescription(runId)];
    let failure: Error | undefined;
    const open: OpenRun = {
      runId,
      keys,
      pending: new Set(),
      fail(error) {
        for (const job of [...open.pending]) settle(job, error);
        failure ??= error;
      },
    };
    runs.set(runId, open);
    const stop = () => open.fail(new Stopped());
    signal.addEventListener('abort', stop);
    try {
      await client.multi().set(keys[0]!, VERSION, 'PX', QUEUE_RUN_TTL_MS).set(keys[1]!, description, 'PX', QUEUE_RUN_TTL_MS).exec();
    } catch (error) {
      runs.delete(runId);
      signal.removeEventListener('abort', stop);
      throw new QueueError('lost', `cannot write to the queue at ${address.shown}: ${reason(error as Error)}`);
    }
    traffic.bytesOut += description.length;
    const sent = new Map<string, number>();
    return {
      run: open,
      async submit(round, shard, holder) {
        if (failure) throw failure;
        if (signal.aborted) throw new Stopped();
        const resends = sent.get(`${round}/${shard.index}`) ?? 0;
        sent.set(`${round}/${shard.index}`, resends + 1);
        if (resends > QUEUE_MAX_RESENDS) throw new QueueError('failed', `shard ${shard.index} (${round}) was lost ${resends} times; the run was stopped`);
        const jobId = `${runId}-${round}-${shard.index}-${jobCounter++}`;
        const queue = holder === undefined ? shared : holderQueueOf(holder);
        const data: ShardJob = { version: VERSION, inputHash: run.inputHash, runId, coordinator, round, shard: shard.index, start: shard.start, end: shard.end };
        const result = new Promise<DecodedFrame>((resolve, reject) => {
          const job: Pending = { jobId, runId, queue, holder, added: Date.now(), resolve, reject, missing: 0, queued: false };
          pending.set(jobId, job);
          open.pending.add(job);
        });
        traffic.jobs++;
        // not awaited: BullMQ waits for its connection, and a lost server must not hold the run (the tick fails it)
        queue.add(round, data, { jobId, removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 1 }).then(
          () => {
            const job = pending.get(jobId);
            if (job) job.queued = true;
          },
          (error: Error) => {
            const job = pending.get(jobId);
            if (job) settle(job, new QueueError('lost', `cannot add a job to the queue at ${address.shown}: ${reason(error)}`));
          },
        );
        return result;
      },
      async ask(key, bytes) {
        keys.push(key);
        traffic.bytesOut += bytes.length;
        await client.set(key, bytes, 'PX', QUEUE_RUN_TTL_MS);
      },
      async close() {
        signal.removeEventListener('abort', stop);
        for (const job of [...open.pending]) settle(job, new Stopped());
        runs.delete(runId);
        await client.del(...keys, queueKeys.runRefused(runId)).catch(() => {});
      },
    };
  }

  /** The three rounds of a run's summary over its shards. */
  async function summarise(run: PreparedRun, request: SummariseRequest): Promise<RunSummary | null> {
    const handle = await openRun(run, request.design, request.signal);
    try {
      const shards = shardsOf(run.paths, shardPaths);
      const holderOf: string[] = [];
      let done = 0;
      const totalsOf = async (shard: Shard): Promise<ShardTotals> => {
        let frame: DecodedFrame;
        // a lost result (its job vanished, its result expired) is computed again; submit counts the resends
        for (;;) {
          try {
            frame = await handle.submit('totals', shard);
            break;
          } catch (error) {
            if (!(error instanceof HolderLost)) throw error;
          }
        }
        holderOf[shard.index] = (frame.header as { holder: string }).holder;
        const [chunkSums, chunkCounts, min, max, nonFinite, regimeCounts, targetHits, targetPairs] = frame.sections as [
          Float64Array,
          Int32Array,
          Float64Array,
          Float64Array,
          Int32Array,
          Float64Array,
          Float64Array,
          Float64Array,
        ];
        return { chunkSums, chunkCounts, min, max, nonFinite, regimeCounts, targetHits, targetPairs };
      };
      /** A later round on the worker holding the shard's paths; where that worker is gone, the shard is computed again elsewhere first. */
      const onHolder = async (round: 'counts' | 'values', shard: Shard): Promise<DecodedFrame> => {
        for (;;) {
          try {
            return await handle.submit(round, shard, holderOf[shard.index]);
          } catch (error) {
            if (!(error instanceof HolderLost)) throw error;
            await totalsOf(shard);
          }
        }
      };
      const totals = await Promise.all(
        shards.map(async (shard) => {
          const shardTotals = await totalsOf(shard);
          done += shard.end - shard.start;
          request.onProgress?.({ done, total: run.paths });
          return shardTotals;
        }),
      );
      const series = seriesOf(run.plan);
      const merged = mergeTotals(run, series.length, totals);
      const edges = bucketEdges(merged, run.paths);
      if (edges.buckets.some((count) => count > 0)) {
        await handle.ask(queueKeys.runEdges(handle.run.runId), encodeFrame({}, [edges.buckets, edges.min, edges.scale]));
        const counts = await Promise.all(shards.map(async (shard) => (await onHolder('counts', shard)).sections[0] as Int32Array));
        const total = new Int32Array(counts[0]!.length);
        for (const shardCounts of counts) addCounts(total, shardCounts);
        const wanted = wantedBuckets(total, edges, run.paths);
        await handle.ask(queueKeys.runWanted(handle.run.runId), encodeFrame({}, [wanted.starts, wanted.buckets]));
        const values = await Promise.all(
          shards.map(async (shard) => {
            const [shardCounts, shardValues] = (await onHolder('values', shard)).sections as [Int32Array, Float64Array];
            return { counts: shardCounts, values: shardValues };
          }),
        );
        percentilesFromShards(merged, edges, total, wanted, values, run.paths);
      }
      return { series, statistics: merged.statistics, tally: merged.tally };
    } catch (error) {
      if (error instanceof Stopped) return null;
      throw error;
    } finally {
      await handle.close();
    }
  }

  const backend: QueueBackend = {
    kind: 'queue',
    threads: 1,
    runsInFlight: QUEUE_RUNS_IN_FLIGHT,
    summarise,
    openSession(run, streaming, design = {}): RunSession {
      if (streaming) throw new Error('the queue backend simulates whole paths: a session cannot stream');
      const buffers = createRunBuffers(run, allocateLocal, false, design);
      let handle: Awaited<ReturnType<typeof openRun>> | undefined;
      return {
        buffers,
        shared: false,
        async execute(batch, signal, onTaskDone) {
          const simulate = batch.filter((task): task is SimulateTask => task.kind === 'simulate');
          if (simulate.length > 0) {
            handle ??= await openRun(run, design, signal);
            const h = handle;
            // the batch's chunks, by shard
            const byShard = new Map<number, SimulateTask[]>();
            for (const task of simulate) {
              if (task.fromYear !== 0 || task.toYear !== run.plan.years.length) throw new Error('the queue backend simulates every year of a path at once');
              const index = Math.floor(task.start / shardPaths);
              byShard.set(index, [...(byShard.get(index) ?? []), task]);
            }
            try {
              await Promise.all(
                [...byShard.values()].map(async (tasks) => {
                  const start = Math.min(...tasks.map((t) => t.start));
                  const end = Math.max(...tasks.map((t) => t.end));
                  let frame: DecodedFrame;
                  for (;;) {
                    try {
                      frame = await h.submit('simulate', { index: Math.floor(start / shardPaths), start, end });
                      break;
                    } catch (error) {
                      if (!(error instanceof HolderLost)) throw error;
                    }
                  }
                  copyShardInto(buffers.output, frame.sections, start, end);
                  if (!signal.aborted) for (const task of tasks) onTaskDone(task);
                }),
              );
            } catch (error) {
              if (error instanceof Stopped) return false;
              throw error;
            }
          }
          const local = batch.filter((task): task is Exclude<RunTask, SimulateTask> => task.kind !== 'simulate');
          const workspace = local.length > 0 ? createTaskWorkspace(run.paths) : undefined;
          for (const task of local) {
            executeTask(run.plan, run.seed, buffers, task, workspace!, kernelNamed());
            onTaskDone(task);
          }
          return !signal.aborted;
        },
        end() {
          void handle?.close();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticking);
      failAll(new Stopped());
      listener.disconnect();
      // a lost server must not hold the coordinator's exit: each step gets a moment, no more
      await within(QUEUE_TICK_MS, listening);
      await within(QUEUE_TICK_MS, Promise.all([shared.close(), ...[...holders.values()].map((queue) => queue.close())]));
      await within(QUEUE_TICK_MS, client.del(doneKey));
      client.disconnect();
    },
    workerThreadIds: () => [],
    traffic: () => ({ ...traffic }),
  };
  return backend;
}

/** Waits for `promise` at most `ms` (its failure ignored). */
async function within(ms: number, promise: Promise<unknown>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** A shard's simulated paths (every series, then the regimes; year-major) into the run's output at paths [start, end). */
function copyShardInto(output: ReturnType<typeof createRunBuffers>['output'], sections: DecodedFrame['sections'], start: number, end: number): void {
  const width = end - start;
  const { paths, yearCount } = output;
  output.values.forEach((values, s) => {
    const shard = sections[s] as Float64Array;
    for (let y = 0; y < yearCount; y++) values.set(shard.subarray(y * width, (y + 1) * width), y * paths + start);
  });
  const regime = sections[output.values.length] as Uint8Array;
  for (let y = 0; y < yearCount; y++) output.regime.set(regime.subarray(y * width, (y + 1) * width), y * paths + start);
}
