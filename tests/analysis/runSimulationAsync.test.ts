import { describe, expect, it } from 'vitest';
import { prepareRun, runSimulation, serializeResult, type PreparedRun, type RunProgress } from '../../src/analysis/runSimulation.js';
import { runSimulationAsync } from '../../src/analysis/runSimulationAsync.js';
import { shipped } from '../helpers.js';

function prepared(paths: number, seed = 3): PreparedRun {
  const result = prepareRun(shipped('baseline'), { paths, seed });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.run;
}

describe('runSimulationAsync', () => {
  it('gives the same bytes as the synchronous run, whatever the chunk size', async () => {
    const sync = runSimulation(shipped('baseline'), { paths: 700, seed: 3 });
    if (!sync.ok) throw new Error('the baseline should run');
    for (const chunk of [1_000, 64, 7]) {
      const outcome = await runSimulationAsync(prepared(700), { chunk });
      if (!outcome.ok) throw new Error(`chunk ${chunk}: ${JSON.stringify(outcome.failure)}`);
      expect(serializeResult(outcome.result)).toBe(serializeResult(sync.result));
    }
  });

  it('gives the event loop a turn between chunks', async () => {
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    const firedAt: boolean[] = [];
    await runSimulationAsync(prepared(400), { chunk: 50, onProgress: () => firedAt.push(timerFired) });
    expect(firedAt[0]).toBe(false); // the first chunk runs at once
    expect(firedAt.at(-1)).toBe(true); // the timer got its turn before the run ended
  });

  it('does no work when the signal is already aborted', async () => {
    const progress: RunProgress[] = [];
    const outcome = await runSimulationAsync(prepared(400), { signal: AbortSignal.abort(), onProgress: (p) => progress.push(p) });
    expect(outcome).toEqual({ ok: false, failure: { kind: 'cancelled' } });
    expect(progress).toEqual([]);
  });

  it('stops within one chunk of an abort, and never resumes', async () => {
    const controller = new AbortController();
    const progress: RunProgress[] = [];
    const outcome = await runSimulationAsync(prepared(2_000), {
      chunk: 100,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.done === 300) controller.abort();
      },
    });
    expect(outcome).toEqual({ ok: false, failure: { kind: 'cancelled' } });
    expect(progress.map((p) => p.done)).toEqual([100, 200, 300]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(progress).toHaveLength(3);
  });
});
