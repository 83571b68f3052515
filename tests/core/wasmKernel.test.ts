import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createPathStates } from '../../src/core/pathStates.js';
import { createPercentileWorkspace } from '../../src/core/percentilesOfBlock.js';
import { SAMPLINGS, type Sampling } from '../../src/core/modelPlan.js';
import { typeScriptKernel, type KernelName, type SimulationKernel } from '../../src/core/simulationKernel.js';
import type { SimulateOptions } from '../../src/core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { BLOCK_STATISTICS } from '../../src/core/summarise.js';
import { kernelNamed } from '../../src/run/kernelChoice.js';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { createRunner, type Runner } from '../../src/run/runner.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { resolveScenarioObject, type ResolvedScenario } from '../../src/scenario/loadScenario.js';
import { projectRoot } from '../../src/scenario/projectPaths.js';
import { PATHS_PER_CHUNK } from '../../src/core/defaults.js';
import { SHIPPED, shipped, variant } from '../helpers.js';
import { knobArbitrary, modelOverrides, modelVariation, numericScaling, PROPERTY_SEED, scaledBaseline, scenarioVariation, variationOverrides } from '../scenarioArbitraries.js';

/**
 * The WebAssembly kernel (wasm/, built by npm run build) against the TypeScript core it ports:
 * the same bytes in every series, regime and summary, on every shipped scenario, on the
 * property tests' random scenarios, on any path range, year split and design, and through the
 * runner on any number of threads.
 */
const wasm = kernelNamed('wasm');
const KERNELS: readonly SimulationKernel[] = [typeScriptKernel, wasm];

const sampling = fc.constantFrom<Sampling>(...SAMPLINGS);

function prepared(resolved: ResolvedScenario, paths: number, seed: number, how: Sampling = 'independent'): PreparedRun {
  const outcome = prepareRun(resolved, { paths, seed, sampling: how });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.run;
}

/** Each kernel's output of the same call. */
function bothKernels(run: PreparedRun, options: Omit<SimulateOptions, 'seed'> = { start: 0, end: run.paths }): SimulationOutput[] {
  return KERNELS.map((kernel) => {
    const output = createSimulationOutput(run.plan, run.paths);
    kernel.simulatePathsInto(run.plan, output, { seed: run.seed, ...options });
    return output;
  });
}

const bytesEqual = (a: ArrayBufferView, b: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The series (and 'regime') whose bytes differ between two outputs. */
const differing = (a: SimulationOutput, b: SimulationOutput) => [
  ...a.series.filter((_, s) => !bytesEqual(a.values[s]!, b.values[s]!)).map((series) => series.name),
  ...(bytesEqual(a.regime, b.regime) ? [] : ['regime']),
];

/** Each kernel's summary of every block of `output`: the statistics' bytes, and the non-finite counts. */
function summaries(output: SimulationOutput): { values: Float64Array; nonFinite: Int32Array }[] {
  return KERNELS.map((kernel) => {
    const blocks = output.series.length * output.yearCount;
    const values = new Float64Array(blocks * BLOCK_STATISTICS);
    const nonFinite = new Int32Array(blocks);
    const workspace = createPercentileWorkspace(output.paths);
    for (let s = 0; s < output.series.length; s++) {
      for (let y = 0; y < output.yearCount; y++) {
        const at = s * output.yearCount + y;
        nonFinite[at] = kernel.summariseBlockInto(output.values[s]!.subarray(y * output.paths, (y + 1) * output.paths), workspace, values, at * BLOCK_STATISTICS);
      }
    }
    return { values, nonFinite };
  });
}

describe('the WebAssembly kernel gives the TypeScript kernel’s bytes', () => {
  it.each(SHIPPED)('%s: every series, regime and block summary, 3,000 paths, independent and antithetic', (id) => {
    for (const how of SAMPLINGS) {
      const run = prepared(shipped(id), 3000, 2030, how);
      const [reference, ported] = bothKernels(run);
      expect(differing(reference!, ported!), how).toEqual([]);
      const [a, b] = summaries(reference!);
      expect(bytesEqual(a!.values, b!.values)).toBe(true);
      expect(Array.from(b!.nonFinite)).toEqual(Array.from(a!.nonFinite));
    }
  });

  it('on the property tests’ scenarios varied in every distribution kind, regimes, correlations, volatilities, caps, knobs and seed, over any path range', () => {
    const baseline = shipped('baseline');
    fc.assert(
      fc.property(scenarioVariation, sampling, (variation, how) => {
        const run = prepared(variant(baseline, variationOverrides(variation)), 60, variation.seed, how);
        const [reference, ported] = bothKernels(run, { start: variation.split, end: 60 });
        expect(differing(reference!, ported!)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: 60 },
    );
  });

  it('on the invariant tests’ knobs and model variations (regimes, correlations, volatilities, sectors’ dynamics), in every shipped scenario', () => {
    const scenarios = new Map(SHIPPED.map((id) => [id, shipped(id)]));
    fc.assert(
      fc.property(knobArbitrary, modelVariation, fc.constantFrom(...SHIPPED), fc.nat(0xffffffff), sampling, (knobs, variation, id, seed, how) => {
        const resolved = scenarios.get(id)!;
        const run = prepared(variant(resolved, { ...knobs, ...modelOverrides(variation, Object.keys(resolved.scenario.sectors)) }), 40, seed, how);
        const [reference, ported] = bothKernels(run);
        expect(differing(reference!, ported!)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: 40 },
    );
  });

  it('on the mutation tests’ baselines with numbers scaled 0.2–5× (those that are valid), extremes included', () => {
    let compared = 0;
    fc.assert(
      fc.property(numericScaling, fc.nat(0xffffffff), sampling, (scales, seed, how) => {
        const loaded = resolveScenarioObject(scaledBaseline(scales));
        if (!loaded.ok) return;
        const outcome = prepareRun(loaded.resolved, { paths: 30, seed, sampling: how });
        if (!outcome.ok) return;
        compared++;
        const [reference, ported] = bothKernels(outcome.run);
        expect(differing(reference!, ported!)).toEqual([]);
        const [a, b] = summaries(reference!);
        expect(bytesEqual(a!.values, b!.values)).toBe(true);
        expect(Array.from(b!.nonFinite)).toEqual(Array.from(a!.nonFinite));
      }),
      { numRuns: 250 },
    );
    // about a quarter of the scaled baselines are valid: the property must compare a good number of them
    expect(compared).toBeGreaterThan(25);
  });

  it('with observed drivers pinned (oil, rouble, crude volume, regime)', () => {
    const first = shipped('baseline').scenario.origin + 1;
    const observe = [
      { name: 'oilPrice', year: first, value: 58 },
      { name: 'rubPerCny', year: first + 1, value: 13.1 },
      { name: 'crudeVolume', year: first + 1, value: 101 },
      { name: 'regime', year: first + 2, value: 'escalation' },
      { name: 'oilPrice', year: first + 3, value: 81 },
      { name: 'rubPerCny', year: first + 3, value: 12.2 },
    ];
    for (const how of SAMPLINGS) {
      const run = prepared(shipped('baseline', { observe }), 2000, 7, how);
      const [reference, ported] = bothKernels(run);
      expect(differing(reference!, ported!), how).toEqual([]);
    }
  });

  it.each(SAMPLINGS)('split into years (each path resuming from its state), with parameter uniforms and path keys, over any path range (%s)', (how) => {
    const run = prepared(shipped('localisation'), 50, 11, how);
    const years = run.plan.years.length;
    const design = fc.record({
      start: fc.nat(49),
      length: fc.integer({ min: 1, max: 50 }),
      uniforms: fc.option(fc.array(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), { minLength: 50 * run.plan.parameters.length, maxLength: 50 * run.plan.parameters.length })),
      keys: fc.option(fc.array(fc.nat(0xffffffff), { minLength: 50, maxLength: 50 })),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: years - 1 }), { maxLength: years - 1 }),
    });
    fc.assert(
      fc.property(design, ({ start, length, uniforms, keys, cuts }) => {
        const end = Math.min(50, start + length);
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), years];
        const [reference, ported] = KERNELS.map((kernel) => {
          const state = createPathStates(run.plan, run.paths);
          const whole = createSimulationOutput(run.plan, run.paths);
          for (let i = 0; i + 1 < bounds.length; i++) {
            const [fromYear, toYear] = [bounds[i]!, bounds[i + 1]!];
            const part = createSimulationOutput({ sectorNames: run.plan.sectorNames, years: run.plan.years.slice(fromYear, toYear) }, run.paths);
            kernel.simulatePathsInto(run.plan, part, {
              seed: run.seed,
              start,
              end,
              fromYear,
              toYear,
              state,
              ...(uniforms ? { parameterUniforms: Float64Array.from(uniforms) } : {}),
              ...(keys ? { pathKeys: Uint32Array.from(keys) } : {}),
            });
            part.values.forEach((values, s) => whole.values[s]!.set(values, fromYear * run.paths));
            whole.regime.set(part.regime, fromYear * run.paths);
          }
          return { whole, state };
        });
        expect(differing(reference!.whole, ported!.whole)).toEqual([]);
        expect(bytesEqual(reference!.state.values, ported!.state.values)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('summarises any block alike: ties, constants, tiny and huge values, NaN and infinities', () => {
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 4, arbitrary: fc.constantFrom(0, -0, 1, 1, 2.5, 1e-310, -1e300, 1e300) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) },
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3000 }), (values) => {
        const block = Float64Array.from(values);
        const workspace = createPercentileWorkspace(block.length);
        const [a, b] = KERNELS.map((kernel) => {
          const into = new Float64Array(2 + BLOCK_STATISTICS).fill(-7);
          const nonFinite = kernel.summariseBlockInto(block, workspace, into, 2);
          return { into, nonFinite };
        });
        expect(b!.nonFinite).toBe(a!.nonFinite);
        expect(bytesEqual(a!.into, b!.into)).toBe(true);
        expect(Array.from(block)).toEqual(values); // the block is left as it was
      }),
      { numRuns: 300 },
    );
  });

  it('sums a block’s mean chunk by chunk as the TypeScript core does: blocks of several PATHS_PER_CHUNK chunks, and chunks where a conditioned block says', () => {
    const value = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(1e-310, -1e300, 1e300, 0.1, 1e16) });
    const starts = (n: number) => fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 12 }).map((cuts) => Int32Array.from([0, ...cuts.sort((a, b) => a - b)]));
    const blockWithChunks = fc.integer({ min: 2, max: 3 * PATHS_PER_CHUNK + 17 }).chain((n) => fc.tuple(fc.array(value, { minLength: n, maxLength: n }), fc.option(starts(n))));
    fc.assert(
      fc.property(blockWithChunks, ([values, chunkStarts]) => {
        const block = Float64Array.from(values);
        const workspace = createPercentileWorkspace(block.length);
        const [a, b] = KERNELS.map((kernel) => {
          const into = new Float64Array(BLOCK_STATISTICS);
          const nonFinite = kernel.summariseBlockInto(block, workspace, into, 0, chunkStarts ?? undefined);
          return { into, nonFinite };
        });
        expect(b!.nonFinite).toBe(a!.nonFinite);
        expect(bytesEqual(a!.into, b!.into)).toBe(true);
      }),
      { seed: PROPERTY_SEED, numRuns: 60 },
    );
    // and it is the chunked sum, not the plain one: 1e16 then 0.1s lose every 0.1 in path order, not in the second chunk
    const block = new Float64Array(2 * PATHS_PER_CHUNK).fill(0.1);
    block[0] = 1e16;
    const into = new Float64Array(BLOCK_STATISTICS);
    wasm.summariseBlockInto(block, createPercentileWorkspace(block.length), into, 0);
    const sumOf = (from: number, to: number) => {
      let sum = 0;
      for (let p = from; p < to; p++) sum += block[p]!;
      return sum;
    };
    const chunked = 0 + sumOf(0, PATHS_PER_CHUNK) + sumOf(PATHS_PER_CHUNK, 2 * PATHS_PER_CHUNK);
    expect(chunked).not.toBe(sumOf(0, block.length));
    expect(into[0]).toBe(chunked / block.length);
  });

  it('lays a plan out by the field numbers the kernel reads (the two lists are the same)', () => {
    const constants = (file: string) => [...readFileSync(join(projectRoot(), file), 'utf8').matchAll(/^export const ([A-Z_0-9]+) = (\d+);/gm)].map((m) => `${m[1]} = ${m[2]}`);
    const glue = constants('src/core/wasmPlanLayout.ts');
    expect(glue.length).toBeGreaterThan(30);
    expect(constants('wasm/planLayout.ts')).toEqual(glue);
  });
});

describe('the runner with either kernel', () => {
  const runners = new Map<string, Runner>();
  const runnerOf = (kernel: KernelName, threads: number) => {
    const key = `${kernel}/${threads}`;
    if (!runners.has(key)) runners.set(key, createRunner({ kernel, threads }));
    return runners.get(key)!;
  };
  afterAll(async () => {
    await Promise.all([...runners.values()].map((runner) => runner.close()));
  });

  it('gives the same JSON bytes on 1, 2 and 3 threads, for any path count, seed and sampling', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9000 }), fc.nat(0xffffffff), fc.constantFrom(...SHIPPED), sampling, async (paths, seed, id, how) => {
        const run = prepared(shipped(id), paths, seed, how);
        const texts: string[] = [];
        for (const [kernel, threads] of [
          ['ts', 1],
          ['wasm', 1],
          ['wasm', 2],
          ['ts', 3],
          ['wasm', 3],
        ] as const) {
          const outcome = await runnerOf(kernel, threads).run(run, { onWorkers: threads > 1 });
          if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
          texts.push(serializeResult(outcome.result));
        }
        for (const text of texts.slice(1)) expect(text).toBe(texts[0]);
      }),
      { numRuns: 6 },
    );
  });

  it('says which kernel it runs', () => {
    expect(runnerOf('wasm', 1).kernel).toBe('wasm');
    expect(runnerOf('ts', 1).kernel).toBe('ts');
    expect(createRunner().kernel).toBe('wasm'); // Node 20 runs WebAssembly with SIMD
  });
});
