import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A persistent pool of worker threads running one script, knowing nothing of what the messages
 * mean. Workers start on the first job and stay (unref'd while idle, so an idle pool does not
 * keep the process alive). A job is one message to one worker and its one reply; a job may
 * belong to a *session* whose opening message each worker receives once, before its first job
 * of that session, and whose closing message goes to every worker that opened it when the
 * session ends. A worker that dies fails the job it held, drops its session's queued jobs (the
 * session's shared state is no longer whole) and is replaced while work waits.
 *
 * A job may be controlled (JobControl): the worker may send updates about it before its reply
 * (progress), and a signal stops it — dropped while queued; once running, the worker is sent a
 * cancel message and, if it has not answered within a grace period, terminated and replaced
 * (the last resort for a job stuck in a loop that never looks at its messages).
 */
export interface WorkerPool<Message, Reply> {
  readonly threads: number;
  /**
   * Queues a job; resolves with its reply, or `dropped` when its session ended (or its signal
   * aborted) before it ran, or `terminated` when its signal aborted and its worker had to be
   * stopped; rejects when its worker died.
   */
  submit(message: Message, session?: PoolSession<Message>, control?: JobControl<Message, Reply>): Promise<JobOutcome<Reply>>;
  /** Drops a session's queued jobs (they resolve `dropped`) and sends its closing message to the workers that opened it. */
  endSession(session: PoolSession<Message>): void;
  /** Stops the workers; queued and running jobs resolve `dropped`. */
  close(): Promise<void>;
  /** Thread ids of the live workers (none before the first job). */
  workerThreadIds(): readonly number[];
}

/** A group of jobs that share state on the workers (a run's plan and buffers). */
export interface PoolSession<Message> {
  readonly id: number;
  readonly open: Message;
  readonly close: Message;
}

export type JobOutcome<Reply> = { readonly kind: 'done'; readonly reply: Reply } | { readonly kind: 'dropped' } | { readonly kind: 'terminated' };

/** How a caller follows and stops one job. */
export interface JobControl<Message, Reply> {
  /** each message the worker sends about the job before its reply (those `isUpdate` picks out) */
  readonly onUpdate?: (update: Reply) => void;
  /** once aborted: a queued job is dropped; a running one is sent `cancel`, then its worker terminated after `terminateAfterMs` */
  readonly signal?: AbortSignal;
  readonly cancel?: Message;
  /** how long a running job may take to answer `cancel` before its worker is terminated, ms */
  readonly terminateAfterMs?: number;
}

export interface WorkerPoolOptions<Reply> {
  /** worker threads (default: the machine's available parallelism) */
  readonly threads?: number;
  /** the worker's script; a TypeScript file (tests running from source) loads through tsx */
  readonly script: URL;
  /** whether a reply says its job failed: the session's queued jobs are then dropped before the worker takes another */
  readonly failed?: (reply: Reply) => boolean;
  /** whether a message from a worker is an update about its job (handed to the job's `onUpdate`), not its reply */
  readonly isUpdate?: (reply: Reply) => boolean;
}

interface Job<Message, Reply> {
  readonly message: Message;
  readonly session: PoolSession<Message> | undefined;
  readonly control: JobControl<Message, Reply> | undefined;
  readonly settle: (outcome: JobOutcome<Reply> | Error) => void;
}

interface PoolWorker<Message, Reply> {
  readonly worker: Worker;
  readonly opened: Set<number>;
  job?: Job<Message, Reply> | undefined;
  /** stopped by the pool because its job's signal aborted and it did not answer in time */
  terminating?: boolean;
}

export function createWorkerPool<Message, Reply>(options: WorkerPoolOptions<Reply>): WorkerPool<Message, Reply> {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const workers: PoolWorker<Message, Reply>[] = [];
  const queue: Job<Message, Reply>[] = [];
  let closed = false;

  function startWorker(): PoolWorker<Message, Reply> {
    const entry: PoolWorker<Message, Reply> = { worker: startWorkerThread(options.script), opened: new Set() };
    let crash: Error | undefined;
    entry.worker.on('message', (reply: Reply) => {
      if (options.isUpdate?.(reply)) {
        entry.job?.control?.onUpdate?.(reply);
        return;
      }
      const job = entry.job;
      entry.job = undefined;
      if (job?.session && options.failed?.(reply)) dropQueued(job.session.id);
      job?.settle({ kind: 'done', reply });
      dispatch();
    });
    // an error outside the script's own handling (out of memory, a bug): 'exit' follows
    entry.worker.on('error', (error) => {
      crash = error;
    });
    // A worker that stops on its own fails the job it held; a new worker takes its place at
    // once if work is waiting, else with the next job — so a script that cannot start does not spin.
    entry.worker.on('exit', (code) => {
      const index = workers.indexOf(entry);
      if (index === -1) return; // close() stopped it
      workers.splice(index, 1);
      const job = entry.job;
      entry.job = undefined;
      // the session lost a job: its queued jobs are dropped before any worker can take one
      if (job?.session) dropQueued(job.session.id);
      if (entry.terminating) job?.settle({ kind: 'terminated' });
      else job?.settle(crash ?? new Error(`worker thread ${entry.worker.threadId} stopped with exit code ${code}`));
      if (!closed && queue.length > 0) workers.push(startWorker());
      dispatch();
    });
    entry.worker.unref();
    return entry;
  }

  /** Settles a session's queued jobs as dropped and takes them off the queue. */
  function dropQueued(sessionId: number): void {
    const dropped = queue.filter((job) => job.session?.id === sessionId);
    queue.splice(0, queue.length, ...queue.filter((job) => job.session?.id !== sessionId));
    for (const job of dropped) job.settle({ kind: 'dropped' });
  }

  function dispatch(): void {
    for (const entry of workers) {
      if (entry.job || queue.length === 0) continue;
      const job = queue.shift()!;
      entry.job = job;
      entry.worker.ref();
      const { session } = job;
      if (session && !entry.opened.has(session.id)) {
        entry.opened.add(session.id);
        entry.worker.postMessage(session.open);
      }
      entry.worker.postMessage(job.message);
    }
    for (const entry of workers) if (!entry.job) entry.worker.unref();
  }

  /** A running job's signal aborted: ask its worker to stop, and terminate the worker if it does not answer in time. */
  function stopRunning(job: Job<Message, Reply>): void {
    const entry = workers.find((candidate) => candidate.job === job);
    if (!entry) return;
    if (job.control?.cancel !== undefined) entry.worker.postMessage(job.control.cancel);
    const timer = setTimeout(() => {
      if (entry.job !== job || !workers.includes(entry)) return;
      entry.terminating = true;
      void entry.worker.terminate();
    }, job.control?.terminateAfterMs ?? 0);
    timer.unref();
  }

  return {
    threads,
    submit(message, session, control) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      if (control?.signal?.aborted) return Promise.resolve({ kind: 'dropped' });
      while (workers.length < threads) workers.push(startWorker());
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const queued = queue.indexOf(job);
          if (queued === -1) return stopRunning(job);
          queue.splice(queued, 1);
          job.settle({ kind: 'dropped' });
        };
        let settled = false;
        const job: Job<Message, Reply> = {
          message,
          session,
          control,
          settle: (outcome) => {
            if (settled) return;
            settled = true;
            control?.signal?.removeEventListener('abort', onAbort);
            if (outcome instanceof Error) reject(outcome);
            else resolve(outcome);
          },
        };
        control?.signal?.addEventListener('abort', onAbort);
        queue.push(job);
        dispatch();
      });
    },
    endSession(session) {
      dropQueued(session.id);
      for (const entry of workers) if (entry.opened.delete(session.id)) entry.worker.postMessage(session.close);
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.settle({ kind: 'dropped' });
      const stopping = workers.splice(0);
      await Promise.all(stopping.map((entry) => entry.worker.terminate()));
      for (const entry of stopping) {
        const job = entry.job;
        entry.job = undefined;
        job?.settle({ kind: 'dropped' });
      }
    },
    workerThreadIds: () => workers.map((entry) => entry.worker.threadId),
  };
}

/** Starts a worker on `script`; TypeScript source (tests) loads through tsx. */
function startWorkerThread(script: URL): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script);
  // tsx's ESM entry (the package's "import" condition), found from its package.json
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const loader = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** A script next to the calling module: its .ts source when running from source (tests), else the compiled .js. */
export function siblingScript(callerUrl: string, name: string): URL {
  const fromSource = fileURLToPath(callerUrl).endsWith('.ts');
  return new URL(`./${name}${fromSource ? '.ts' : '.js'}`, callerUrl);
}
