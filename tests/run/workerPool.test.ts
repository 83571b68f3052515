import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../src/run/workerPool.js';
import type { TestReply, TestRequest } from '../fixtures/poolTestWorker.js';

let pool: WorkerPool<TestRequest, TestReply> | undefined;
afterEach(async () => pool?.close());

const testPool = (threads: number) =>
  (pool = createWorkerPool<TestRequest, TestReply>({ threads, script: new URL('../fixtures/poolTestWorker.ts', import.meta.url), isUpdate: (reply) => reply.type === 'update' }));

describe('a worker pool job under control', () => {
  it('hands the worker’s updates to the job, in order, before its reply', async () => {
    const updates: number[] = [];
    const outcome = await testPool(1).submit({ type: 'steps', count: 5 }, undefined, { onUpdate: (update) => update.type === 'update' && updates.push(update.step) });
    expect(updates).toEqual([1, 2, 3, 4, 5]);
    expect(outcome).toEqual({ kind: 'done', reply: { type: 'done', steps: 5 } });
  });

  it('is dropped from the queue when its signal aborts before a worker takes it, and the worker is sent cancel when it has', async () => {
    const one = testPool(1);
    const running = new AbortController();
    const waiting = new AbortController();
    const first = one.submit({ type: 'steps', count: 1_000_000 }, undefined, { signal: running.signal, cancel: { type: 'cancel' }, terminateAfterMs: 10_000 });
    const second = one.submit({ type: 'steps', count: 1 }, undefined, { signal: waiting.signal });
    waiting.abort();
    expect(await second).toEqual({ kind: 'dropped' });
    running.abort();
    const stopped = await first;
    expect(stopped.kind).toBe('done');
    if (stopped.kind === 'done') expect(stopped.reply.type).toBe('cancelled');
  });

  it('terminates a worker stuck in a step that never reads its messages, and replaces it', async () => {
    const one = testPool(1);
    const controller = new AbortController();
    const before = (await one.submit({ type: 'steps', count: 1 }), one.workerThreadIds());
    const stuck = one.submit({ type: 'spin', ms: 60_000 }, undefined, { signal: controller.signal, cancel: { type: 'cancel' }, terminateAfterMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = performance.now();
    controller.abort();
    expect(await stuck).toEqual({ kind: 'terminated' });
    // the grace, then the thread's termination (measured ≈ 210–260 ms here)
    expect(performance.now() - abortedAt).toBeLessThan(5_000);
    expect(await one.submit({ type: 'steps', count: 2 })).toEqual({ kind: 'done', reply: { type: 'done', steps: 2 } });
    expect(one.workerThreadIds()).toHaveLength(1);
    expect(one.workerThreadIds()).not.toEqual(before);
  });
});
