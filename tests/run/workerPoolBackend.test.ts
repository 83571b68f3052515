import { afterAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN_PATHS } from '../../src/core/defaults.js';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { createRunner, runsOnWorkers, type Runner } from '../../src/run/runner.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { CRASH_SEEDS } from '../fixtures/crashingWorker.js';
import { callingThread, shipped, simulated } from '../helpers.js';

function prepared(id: string, paths: number, seed: number, overrides: Record<string, unknown> = {}): PreparedRun {
  const result = prepareRun(shipped(id, overrides), { paths, seed });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.run;
}

/** The JSON of a run on the calling thread, to compare the pool's with. */
async function referenceJson(run: PreparedRun): Promise<string> {
  const reference = await callingThread.run(run);
  if (!reference.ok) throw new Error('reference run failed');
  return serializeResult(reference.result);
}

const pools: Runner[] = [];
function pool(threads: number): Runner {
  const created = createRunner({ threads });
  pools.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('the runner on its worker pool', () => {
  const two = pool(2);
  const four = pool(4);

  it.each([
    ['baseline', false],
    ['escalation', true],
  ] as const)('gives byte-identical JSON for %s on 1, 2 and 4 threads (streaming years: %s), the same as on the calling thread', async (id, streaming) => {
    const run = prepared(id, 9_000, 31);
    const expected = await referenceJson(run);
    for (const threads of [pool(1), two, four]) {
      const outcome = await threads.run(run, { onWorkers: true, streaming });
      expect(outcome.ok, `${threads.threads} threads`).toBe(true);
      if (outcome.ok) expect(serializeResult(outcome.result), `${threads.threads} threads`).toBe(expected);
    }
  });

  it('simulates every path into a shared output with the same bytes as the calling thread', async () => {
    const run = prepared('baseline', 9_000, 12);
    const expected = await simulated(run);
    const outcome = await two.simulate(run, { onWorkers: true });
    if (!outcome.ok) throw new Error('cancelled');
    outcome.output.values.forEach((values, s) => expect(Buffer.from(values.buffer).equals(Buffer.from(expected.values[s]!.buffer)), expected.series[s]!.name).toBe(true));
    expect(Buffer.from(outcome.output.regime.buffer).equals(Buffer.from(expected.regime.buffer))).toBe(true);
  });

  it('runs several runs at once on one pool, each with its own bytes', async () => {
    const runs = [prepared('baseline', 5_000, 1), prepared('thaw', 6_000, 2), prepared('baseline', 5_000, 3, { oilLongRun: 55 })];
    const outcomes = await Promise.all(runs.map((run) => two.run(run, { onWorkers: true })));
    for (const [i, outcome] of outcomes.entries()) expect(outcome.ok && serializeResult(outcome.result)).toBe(await referenceJson(runs[i]!));
  });

  it('reports progress up to every path', async () => {
    const seen: number[] = [];
    await two.run(prepared('baseline', 10_000, 4), { onWorkers: true, onProgress: (p) => seen.push(p.done) });
    expect(seen.at(-1)).toBe(10_000);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('stops a run when its signal aborts, with a "cancelled" failure, and keeps serving the next run', async () => {
    const controller = new AbortController();
    const started = two.run(prepared('baseline', 60_000, 5), {
      onWorkers: true,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    await expect(started).resolves.toEqual({ ok: false, failure: { kind: 'cancelled' } });
    const next = await two.run(prepared('baseline', 3_000, 6), { onWorkers: true });
    expect(next.ok).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool(1).run(prepared('baseline', 3_000, 6), { signal: aborted.signal })).resolves.toEqual({ ok: false, failure: { kind: 'cancelled' } });
  });

  it('cancels the runs still going when it closes', async () => {
    const closing = pool(2);
    const going = closing.run(prepared('baseline', 40_000, 8), { onWorkers: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await closing.close();
    await expect(going).resolves.toEqual({ ok: false, failure: { kind: 'cancelled' } });
  });

  it('keeps small runs on the calling thread, and large ones on workers when it has more than one thread', () => {
    expect(runsOnWorkers(PARALLEL_MIN_PATHS - 1, 2)).toBe(false);
    expect(runsOnWorkers(PARALLEL_MIN_PATHS, 2)).toBe(true);
    expect(runsOnWorkers(1_000_000, 1)).toBe(false);
  });

  it.each(Object.entries(CRASH_SEEDS))('replaces a worker that dies mid-task (%s): that run fails, a run at the same time and the runs after succeed', async (_how, crashSeed) => {
    const faulty = createRunner({ threads: 2, workerScript: new URL('../fixtures/crashingWorker.ts', import.meta.url) });
    pools.push(faulty);
    const healthy = prepared('baseline', 30_000, 9);
    const expected = await referenceJson(healthy);

    const alongside = faulty.run(healthy, { onWorkers: true });
    const crashing = faulty.run(prepared('baseline', 30_000, crashSeed), { onWorkers: true });
    await expect(crashing).rejects.toThrow(/exit code 70|injected fault/);
    const before = faulty.workerThreadIds();
    const outcome = await alongside;
    expect(outcome.ok && serializeResult(outcome.result)).toBe(expected);

    // back to full strength, without the dead thread, and serving
    const after = await faulty.run(prepared('baseline', 30_000, 9), { onWorkers: true });
    expect(after.ok && serializeResult(after.result)).toBe(expected);
    expect(faulty.workerThreadIds()).toHaveLength(2);
    expect(before.length).toBeGreaterThan(0);
  });
});
