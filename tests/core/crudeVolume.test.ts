import { describe, expect, it } from 'vitest';
import { chiSquareQuantile } from '../../src/core/chiSquareQuantile.js';
import { exp } from '../../src/core/exp.js';
import { log } from '../../src/core/log.js';
import { simulatePathsInto } from '../../src/core/simulatePaths.js';
import { createSimulationOutput, SERIES_IMPORTS, SERIES_RUB_PER_CNY } from '../../src/core/simulationOutput.js';
import type { PreparedRun } from '../../src/run/preparedRun.js';
import { preparedRun, shipped, yearByYear } from '../helpers.js';

const fixed = (value: number) => ({ dist: 'fixed', value, source: 'test' });

/** The crude volume of every path after each projected year, read from the path states. */
function crudeVolumes(run: PreparedRun): Float64Array[] {
  const { layout, years } = yearByYear(run);
  return years.map(({ state }) => Float64Array.from({ length: run.paths }, (_, p) => state[p * layout.stride + layout.crudeVolume]!));
}

describe('the crude volume (model v2): a ceiling that may grow, and a shock of its own', () => {
  const start = shipped('baseline').scenario.exports.crudeVolume.value as number;

  it('without a shock, follows the catch-up to a ceiling growing at its rate, to the bit', () => {
    const growth = 0.05;
    const catchUp = 0.4;
    const run = preparedRun(
      shipped('baseline', {
        'exports.crudeCapacity': fixed(start),
        'exports.crudeCatchUp': fixed(catchUp),
        'exports.crudeCapacityGrowth': fixed(growth),
        'exports.crudeVolatility': fixed(0),
      }),
      { paths: 20, seed: 3 },
    );
    const volumes = crudeVolumes(run);
    let expected = start;
    volumes.forEach((year, y) => {
      expected = (expected + catchUp * (start * exp(growth * (y + 1)) - expected)) * exp(0);
      // (the shock's factor is e^0 = 1 exactly)
      for (const v of year) expect(v).toBe(expected);
    });
    expect(volumes.at(-1)![0]).toBeGreaterThan(start * 1.1);
  });

  it('with a shock, can fall, and its log shock has mean 0 and the stated standard deviation (within a few standard errors)', () => {
    const sigma = 0.1;
    const catchUp = 0.3;
    const paths = 4000;
    const run = preparedRun(shipped('baseline', { 'exports.crudeCapacity': fixed(110), 'exports.crudeCatchUp': fixed(catchUp), 'exports.crudeVolatility': fixed(sigma) }), { paths, seed: 11 });
    const volumes = crudeVolumes(run);
    for (let y = 0; y < volumes.length; y++) {
      const before = y === 0 ? new Float64Array(paths).fill(start) : volumes[y - 1]!;
      const shocks = volumes[y]!.map((v, p) => log(v / (before[p]! + catchUp * (110 - before[p]!))));
      const mean = shocks.reduce((s, v) => s + v, 0) / paths;
      const variance = shocks.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (paths - 1);
      expect(Math.abs(mean) / (sigma / Math.sqrt(paths))).toBeLessThan(4);
      // (n − 1)s²/σ² is χ²(n − 1): inside its 0.01%–99.99% quantiles
      const statistic = ((paths - 1) * variance) / (sigma * sigma);
      expect(statistic).toBeGreaterThan(chiSquareQuantile(0.0001, paths - 1));
      expect(statistic).toBeLessThan(chiSquareQuantile(0.9999, paths - 1));
      expect(volumes[y]!.some((v, p) => v < before[p]!)).toBe(true);
    }
  });

  it('an observed volume is taken exactly on every path, shock or not', () => {
    const run = preparedRun(shipped('baseline', { 'exports.crudeVolatility': fixed(0.2), observe: [{ name: 'crudeVolume', year: 2027, value: 88.5 }] }), { paths: 50, seed: 5 });
    const volumes = crudeVolumes(run);
    const y = run.plan.years.indexOf(2027);
    for (const v of volumes[y]!) expect(v).toBe(88.5);
    expect(new Set(volumes[y + 1]).size).toBeGreaterThan(1);
  });
});

describe('imports outside the modelled sectors answer the rouble (model v2)', () => {
  it('scale by (RUB/CNY now ÷ at the origin)^−elasticity, everything else on the path unchanged', () => {
    const paths = 200;
    const importsWith = (elasticity: number) => {
      const run = preparedRun(shipped('baseline', { 'imports.roubleElasticity': fixed(elasticity) }), { paths, seed: 21 });
      const output = createSimulationOutput(run.plan, paths);
      simulatePathsInto(run.plan, output, { seed: 21, start: 0, end: paths });
      return { run, output };
    };
    const none = importsWith(0);
    const some = importsWith(0.4);
    const more = importsWith(0.9);
    const rubAtOrigin = none.run.plan.initial.rubPerCny;
    for (let cell = 0; cell < none.output.values[SERIES_IMPORTS]!.length; cell += 37) {
      // the same rouble on every path: the elasticity does not feed back
      expect(some.output.values[SERIES_RUB_PER_CNY]![cell]).toBe(none.output.values[SERIES_RUB_PER_CNY]![cell]);
      const change = log(none.output.values[SERIES_RUB_PER_CNY]![cell]! / rubAtOrigin);
      if (Math.abs(change) < 1e-3) continue;
      const base = none.output.values[SERIES_IMPORTS]![cell]!;
      // imports = sector imports + other imports × e^(−ε·Δ ln RUB/CNY): the ratio of two elasticities' effects is known
      const ratio = (some.output.values[SERIES_IMPORTS]![cell]! - base) / (more.output.values[SERIES_IMPORTS]![cell]! - base);
      const expected = (exp(-0.4 * change) - 1) / (exp(-0.9 * change) - 1);
      expect(Math.abs(ratio - expected)).toBeLessThan(1e-6);
    }
  });
});
