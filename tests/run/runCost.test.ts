import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { backtest, backtestWork } from '../../src/analysis/backtest/backtest.js';
import { compareScenarios, compareWork } from '../../src/analysis/compare.js';
import { analyseSensitivity, sensitivityWork, type SensitivityOptions } from '../../src/analysis/sensitivity/sensitivity.js';
import { MAX_PLAN_CELLS, PATHS_PER_CHUNK } from '../../src/core/defaults.js';
import { createSimulationOutput } from '../../src/core/simulationOutput.js';
import { simulatePathsInto } from '../../src/core/simulatePaths.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { pathsPerChunk, scenarioSize, simulationWork } from '../../src/run/runCost.js';
import { createRunner } from '../../src/run/runner.js';
import { memoryBytes, type WorkCount } from '../../src/run/workCount.js';
import { baselineWithSectors, callingThread, inline, preparedRun, shipped } from '../helpers.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The most ArrayBuffer memory (typed arrays: where a run's numbers live) the computation held:
 * live memory, garbage collected at each sample — at every progress report and every few
 * milliseconds between (the runner gives the event loop a turn every 20 ms) — above the least
 * of before and after it (an earlier test's buffers may be freed only while it runs).
 */
async function peakArrayBuffers(compute: (sample: () => void) => Promise<unknown>): Promise<number> {
  const live = () => {
    collectGarbage();
    return process.memoryUsage().arrayBuffers;
  };
  const before = live();
  let peak = before;
  const sample = () => (peak = Math.max(peak, live()));
  const timer = setInterval(sample, 5);
  try {
    const outcome = await compute(sample);
    expect(outcome).toMatchObject({ ok: true });
  } finally {
    clearInterval(timer);
  }
  return peak - Math.min(before, live());
}

/**
 * What the test process itself holds in buffers meanwhile, besides the computation (vitest's
 * messages, console output): measured up to 0.8 MB.
 */
const PROCESS_NOISE_BYTES = 1024 * 1024;

/**
 * An estimate holds what the computation allocates, and not far more: at least the measured
 * peak (less the process's own noise), and at most twice it plus 2 MB (what a sample between
 * two reports may miss, and the result's own objects, are in the estimate but seldom in the
 * sample).
 */
function expectBounds(work: WorkCount, measured: number, what: string) {
  const estimate = memoryBytes(work);
  expect(estimate, `${what}: estimate ${estimate} ≥ measured ${measured} − noise`).toBeGreaterThanOrEqual(measured - PROCESS_NOISE_BYTES);
  expect(estimate, `${what}: estimate ${estimate} ≤ 2 × measured ${measured} + 2 MB`).toBeLessThanOrEqual(2 * measured + 2 * 1024 * 1024);
}

const large = inline(baselineWithSectors(45)); // 50 sectors: 10 times the shipped scenarios' size

describe('the memory a run is counted to hold', () => {
  it.each([
    ['the baseline, 20,000 paths', () => shipped('baseline'), 20_000],
    ['a scenario of 50 sectors, 2,000 paths', () => large, 2_000],
  ] as const)('bounds what %s allocates', async (what, scenario, paths) => {
    const run = preparedRun(scenario(), { paths, seed: 3 });
    const measured = await peakArrayBuffers((sample) => callingThread.run(run, { onProgress: sample }));
    expectBounds(simulationWork(run), measured, what);
  });

  it('bounds what a comparison allocates', async () => {
    const entries = [{ resolved: shipped('baseline') }, { resolved: large }];
    const options = { paths: 3_000, seed: 4 };
    const measured = await peakArrayBuffers((sample) => compareScenarios(entries, options, { runner: callingThread, onProgress: sample }));
    expectBounds(compareWork(entries, options), measured, 'comparison');
  });

  it.each([
    ['Sobol', { method: 'sobol', samples: 24, resamples: 200 }],
    ['Morris', { method: 'morris', samples: 20, resamples: 200 }],
  ] as const)('bounds what a %s analysis of a large scenario allocates', async (what, options: SensitivityOptions) => {
    const work = sensitivityWork(large, options);
    if (!work.ok) throw new Error(JSON.stringify(work.issues));
    // the estimate holds for either kernel, which keep different working memory (the TypeScript
    // one a percentile workspace per task, the WebAssembly one its module's memory, grown once and
    // kept): each kernel's peak must fit in it, and it may be at most twice the larger peak + 2 MB
    // (one kernel's sample alone sometimes misses the batch still held while the next is allocated)
    const typeScript = createRunner({ kernel: 'ts' });
    const measured = [
      await peakArrayBuffers((sample) => analyseSensitivity(large, options, { runner: callingThread, onProgress: sample })),
      await peakArrayBuffers((sample) => analyseSensitivity(large, options, { runner: typeScript, onProgress: sample })),
    ];
    await typeScript.close();
    const estimate = memoryBytes(work.work);
    for (const [i, peak] of measured.entries()) expect(estimate, `${what} (${callingThread.kernel}, ts)[${i}]: estimate ≥ measured ${peak} − noise`).toBeGreaterThanOrEqual(peak - PROCESS_NOISE_BYTES);
    expectBounds(work.work, Math.max(...measured), what);
  });

  it('bounds what a back-test allocates', async () => {
    const options = { samples: 20_000, origins: { from: 2019, to: 2023 } };
    const measured = await peakArrayBuffers((sample) => backtest(shipped('baseline'), options, { runner: callingThread, onProgress: sample }));
    expectBounds(backtestWork(shipped('baseline'), options), measured, 'back-test');
  });
});

describe('the size of a scenario', () => {
  it('is its sectors ÷ 5, and never less than one', () => {
    expect(scenarioSize(preparedRun(shipped('baseline'), { paths: 1 }).plan)).toBe(1);
    expect(scenarioSize(preparedRun(large, { paths: 1 }).plan)).toBe(10);
    const years = 2030 - shipped('baseline').scenario.origin;
    expect(simulationWork(preparedRun(large, { paths: 100 })).factors).toEqual([
      ['projected years', years],
      ['scenario size (sectors ÷ 5)', 10],
    ]);
    expect(simulationWork(preparedRun(shipped('baseline'), { paths: 100 })).factors).toEqual([['projected years', years]]);
  });

  it('tracks what a path-year costs the engine: a scenario 10 times the size takes 5–20 times as long per path-year', async () => {
    // measured here: 3.4 µs a path-year for the baseline, 37 µs for 50 sectors (11×). The best
    // of five runs each, interleaved, so the machine's other load hits both alike.
    const time = async (scenario: typeof large, paths: number) => {
      const run = preparedRun(scenario, { paths, seed: 1 });
      const started = performance.now();
      await callingThread.run(run);
      return (performance.now() - started) / (paths * run.plan.years.length);
    };
    let small = Number.POSITIVE_INFINITY;
    let big = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      small = Math.min(small, await time(shipped('baseline'), 10_000));
      big = Math.min(big, await time(large, 1_000));
    }
    expect(big / small).toBeGreaterThan(5);
    expect(big / small).toBeLessThan(20);
  });

  it('shrinks the chunks a run is cut into, and a chunk never changes the numbers', async () => {
    const plan = preparedRun(large, { paths: 1 }).plan;
    expect(pathsPerChunk(plan)).toBe(Math.floor(PATHS_PER_CHUNK / 10));
    const run = preparedRun(large, { paths: 1_000, seed: 8 });
    const chunked = await callingThread.simulate(run);
    if (!chunked.ok) throw new Error('cancelled');
    const whole = createSimulationOutput(run.plan, run.paths);
    simulatePathsInto(run.plan, whole, { seed: run.seed, start: 0, end: run.paths });
    chunked.output.values.forEach((values, s) => expect(Buffer.from(values.buffer).equals(Buffer.from(whole.values[s]!.buffer)), `series ${s}`).toBe(true));
  });

  it('is capped before its plan is built: years × regimes × sectors of at most MAX_PLAN_CELLS', () => {
    const baseline = shipped('baseline').scenario;
    const states = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`r${i}`, { ...baseline.regimes.states.statusQuo!, transition: { [`r${i}`]: 1 } }]));
    const wide = inline({ ...baselineWithSectors(500), regimes: { initial: 'r0', source: 'assumption: test', states } });
    const started = performance.now();
    const prepared = prepareRun(wide, { paths: 1 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(prepared.ok).toBe(false);
    // baseline's 3 regimes and 5 sectors, and the inline scenario's 200 and 500
    const years = 2030 - baseline.origin;
    if (!prepared.ok)
      expect(prepared.issues[0]).toMatchObject({
        path: ['sectors'],
        message: `${years} projected years × 203 regimes × 505 sectors = ${years * 203 * 505} cells of prices to plan; at most ${MAX_PLAN_CELLS} are taken`,
      });
  });
});
