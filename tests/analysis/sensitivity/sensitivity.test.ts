import { describe, expect, it } from 'vitest';
import type { AnalysisOutcome } from '../../../src/analysis/analysisContext.js';
import { analyseSensitivity, sensitivityRequestSchema, sensitivityWork, type SensitivityResult } from '../../../src/analysis/sensitivity/sensitivity.js';
import { BOOTSTRAP_OPERATIONS_PER_PATH_YEAR } from '../../../src/core/defaults.js';
import { workTotal } from '../../../src/run/workCount.js';
import { nonFiniteNumbers, onCallingThread, preparedRun, shipped } from '../../helpers.js';

function result(outcome: AnalysisOutcome<SensitivityResult>): SensitivityResult {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

const OIL_PARAMETERS = ['oil.longRunPrice', 'oil.meanReversion', 'oil.volatility'];
/** The baseline's uncertain parameters (not `fixed`): the factors of a design, with the shocks. */
const UNCERTAIN = preparedRun(shipped('baseline'), { paths: 1 }).plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length;

const oilSensitivity = result(
  await analyseSensitivity(shipped('baseline'), { method: 'sobol', output: { kind: 'series', series: 'oilPrice', year: 2030 }, samples: 128, resamples: 50 }, onCallingThread),
);

describe('Sobol sensitivity of the scenario model', () => {
  const oil = oilSensitivity;

  it('gives every parameter the oil price does not read (sectors, rouble, exports…) indices of exactly 0', async () => {
    const unused = oil.factors.filter((f) => f.kind === 'parameter' && !OIL_PARAMETERS.includes(f.name));
    expect(unused.length).toBe(UNCERTAIN - OIL_PARAMETERS.length);
    for (const factor of unused) {
      expect(factor.firstOrder, factor.name).toEqual({ estimate: 0, low: 0, high: 0, standardError: 0 });
      expect(factor.totalOrder, factor.name).toEqual({ estimate: 0, low: 0, high: 0, standardError: 0 });
    }
  });

  it('ranks the shocks and the oil parameters first, by total index', async () => {
    expect(
      oil.factors
        .slice(0, 4)
        .map((f) => f.name)
        .sort(),
    ).toEqual([...OIL_PARAMETERS, 'shocks'].sort());
    for (let i = 1; i < oil.factors.length; i++) expect(oil.factors[i - 1]!.totalOrder!.estimate).toBeGreaterThanOrEqual(oil.factors[i]!.totalOrder!.estimate);
    // k factors (the uncertain parameters and the shocks), k + 2 evaluations a base sample
    expect(oil.factors).toHaveLength(UNCERTAIN + 1);
    expect(oil.evaluations).toBe(128 * (UNCERTAIN + 1 + 2));
    expect(oil.shocks).toBe('factor');
    expect(nonFiniteNumbers(oil)).toEqual([]);
  });

  it('averages common shock paths for a target, so the output is a probability given the parameters', async () => {
    const target = result(
      await analyseSensitivity(shipped('baseline'), { output: { kind: 'target', id: 'turnover-300bn-2030' }, samples: 32, innerPaths: 8, resamples: 20, grouping: 'sector' }, onCallingThread),
    );
    expect(target.shocks).toBe('common');
    expect(target.factors.some((f) => f.name === 'shocks')).toBe(false);
    expect(target.factors.find((f) => f.name === 'sectors.cars')).toMatchObject({ kind: 'group', parameters: expect.arrayContaining(['sectors.cars.adjustmentSpeed']) });
    expect(target.outputMean).toBeGreaterThan(0);
    expect(target.outputMean).toBeLessThan(1);
    // grouped by sector: each sector's parameters one factor, the rest one each
    const sectorParameters = 5 * 5;
    expect(target.factors).toHaveLength(UNCERTAIN - sectorParameters + 5);
    expect(target.simulatedPaths).toBe(32 * (target.factors.length + 2) * 8);
    expect(target.output).toMatchObject({ spec: 'target:turnover-300bn-2030', unit: 'probability', year: 2030 });
  });

  it('is reproducible from its seed', async () => {
    const options = { output: { kind: 'series' as const, series: 'turnover', year: 2026 }, samples: 16, resamples: 10, seed: 4 };
    expect(JSON.stringify(await analyseSensitivity(shipped('baseline'), options, onCallingThread))).toBe(JSON.stringify(await analyseSensitivity(shipped('baseline'), options, onCallingThread)));
  });
});

describe('Morris screening of the scenario model', () => {
  it('gives every parameter but the car sector’s elasticity, speed and share noise μ* = 0 for the car share', async () => {
    const cars = result(
      await analyseSensitivity(shipped('baseline'), { method: 'morris', output: { kind: 'series', series: 'share.cars.china', year: 2027 }, samples: 12, resamples: 20 }, onCallingThread),
    );
    const read = ['sectors.cars.substitutionElasticity', 'sectors.cars.adjustmentSpeed', 'sectors.cars.shareVolatility'];
    for (const factor of cars.factors) {
      if (read.includes(factor.name)) expect(factor.muStar!.estimate, factor.name).toBeGreaterThan(0);
      else expect(factor.muStar!.estimate, factor.name).toBe(0);
    }
    expect(cars.factors[0]!.name).toBe('sectors.cars.substitutionElasticity');
    // k + 1 evaluations a trajectory, the shocks held
    expect(cars.evaluations).toBe(12 * (UNCERTAIN + 1));
    expect(cars.shocks).toBe('held');
  });
});

describe('invalid requests', () => {
  it('names the field for an unknown series, a year outside the projection and an unknown target', async () => {
    for (const output of [
      { kind: 'series' as const, series: 'gdp', year: 2030 },
      { kind: 'series' as const, series: 'turnover', year: 2020 },
      { kind: 'target' as const, id: 'nope' },
    ]) {
      const outcome = await analyseSensitivity(shipped('baseline'), { output, samples: 4 }, onCallingThread);
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && 'issues' in outcome && outcome.issues[0]!.path).toEqual(['output']);
    }
  });

  it('refuses more simulated paths than the limit', async () => {
    const outcome = await analyseSensitivity(shipped('baseline'), { samples: 1 << 20, innerPaths: 64 }, onCallingThread);
    expect(!outcome.ok && 'issues' in outcome && outcome.issues[0]!.path).toEqual(['samples']);
  });

  it('parses a request body with defaults, and rejects unknown fields', async () => {
    expect(sensitivityRequestSchema.parse({ scenario: 'baseline' })).toMatchObject({ method: 'sobol', grouping: 'parameter' });
    expect(sensitivityRequestSchema.safeParse({ scenario: 'baseline', method: 'fast' }).success).toBe(false);
    expect(sensitivityRequestSchema.safeParse({ scenario: 'baseline', extra: 1 }).success).toBe(false);
  });
});

describe('work, counted before it runs', () => {
  it('is the simulated paths the analysis runs × the projected years to the output’s year', async () => {
    const cases = [
      { method: 'sobol' as const, samples: 16, output: { kind: 'series' as const, series: 'turnover', year: 2027 } },
      { method: 'morris' as const, samples: 3, grouping: 'sector' as const },
      { method: 'sobol' as const, samples: 4, innerPaths: 8, output: { kind: 'target' as const, id: 'turnover-300bn-2030' } },
    ];
    for (const options of cases) {
      const work = sensitivityWork(shipped('baseline'), { ...options, resamples: 10 });
      const analysed = result(await analyseSensitivity(shipped('baseline'), { ...options, resamples: 10 }, onCallingThread));
      if (!work.ok) throw new Error(JSON.stringify(work.issues));
      expect(work.work.field).toBe('samples');
      expect(work.work.value).toBe(analysed.samples);
      const simulated = work.work.factors.reduce((product, [, factor]) => product * factor, work.work.value);
      expect(simulated, options.method).toBe(analysed.simulatedPaths * (analysed.output.year - shipped('baseline').scenario.origin));
      // the bootstrap counts too: samples × resamples × factors steps, BOOTSTRAP_OPERATIONS_PER_PATH_YEAR to a path-year
      const factorCount = analysed.factors.length;
      const steps = analysed.samples * 10 * (options.method === 'sobol' ? factorCount + 1 : factorCount);
      const design = options.method === 'morris' ? work.work.parts![1]! : undefined;
      const designSteps = design ? analysed.samples * design.factors.reduce((product, [, factor]) => product * factor, 1) : 0;
      expect(workTotal(work.work), options.method).toBeCloseTo(simulated + (steps + designSteps) / BOOTSTRAP_OPERATIONS_PER_PATH_YEAR, 9);
    }
  });

  it('counts the default sizes, and names the field of a request that cannot run', async () => {
    const defaults = sensitivityWork(shipped('baseline'));
    expect(defaults.ok && defaults.work.value).toBe(2048);
    const target = sensitivityWork(shipped('baseline'), { output: { kind: 'target', id: 'turnover-300bn-2030' } });
    expect(target.ok && target.work.factors).toContainEqual(['inner paths', 64]);
    const unknown = sensitivityWork(shipped('baseline'), { output: { kind: 'target', id: 'nope' } });
    expect(!unknown.ok && unknown.issues[0]!.path).toEqual(['output']);
  });
});

describe('cancellation', () => {
  it('stops between batches when the signal is aborted', async () => {
    const controller = new AbortController();
    let steps = 0;
    const outcome = await analyseSensitivity(
      shipped('baseline'),
      { samples: 512 },
      {
        ...onCallingThread,
        signal: controller.signal,
        onProgress: () => {
          steps++;
          controller.abort();
        },
      },
    );
    expect(outcome).toEqual({ ok: false, failure: { kind: 'cancelled' } });
    expect(steps).toBe(1);
  });
});
