import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GLOBAL_PARAMETERS, globalParameterIndex, SECTOR_PARAMETERS, SUPPLIER_CHINA, SUPPLIER_COUNT } from '../../src/core/modelPlan.js';
import { SERIES_OIL_PRICE, SERIES_RUB_PER_CNY } from '../../src/core/simulationOutput.js';
import type { PreparedRun } from '../../src/run/preparedRun.js';
import { preparedRun, shipped, variant, yearByYear, type SimulatedYear } from '../helpers.js';
import { between, fixed, positiveDefiniteCorrelation, PROPERTY_SEED, STATISTICAL } from '../scenarioArbitraries.js';
import { CheckFamily, FALSE_ALARM_RATE, sampleCorrelation, sampleMoments } from '../statistics.js';

/**
 * The engine's yearly draws (simulatePaths.ts, steps 1–7): the four correlated shocks ε = L·z
 * (oil, rouble, demand, exports), the crude-volume shock, each sector's share noise and the
 * regime step. With every parameter fixed, each is read back exactly from a path's state
 * before and after the year (`yearByYear`):
 *   oil      ε = (x₁ − θ − (x₀ − θ)e^{−κ}) / (σ√((1 − e^{−2κ})/2κ))   x = ln oil price
 *   rouble   ε = (r₁ − r₀ − drift) / σ_r                                r = ln RUB/CNY
 *   demand   ε = (o₁ − o₀ − g_o + e_o(r₁ − r₀)) / σ_d                   o = ln other imports
 *   exports  ε = (n₁ − n₀ − g_n) / σ_n                                   n = ln non-energy exports
 *   crude    ε = ln(V₁ / (V₀ + c(K − V₀))) / σ_c                         V = crude volume
 *   share k  ε = (l₁ − l₀) / σ_k                                         l = China's log-ratio, at speed 0
 *   regime   ±1 for the regime moved to, each with probability ½
 * and two of the path's parameters, drawn once from their distributions (and without effect
 * on the above). A run's draws are tested against what the scenario says of them: the four
 * shocks correlated as its matrix, the rest independent of them and of each other, the yearly
 * ones with mean 0 and variance 1.
 */

const baseline = shipped('baseline');
const SECTORS = ['cars', 'machinery'] as const;
const DRAWS = ['oil', 'rouble', 'demand', 'exports', 'crude', ...SECTORS.map((s) => `share.${s}`), 'regime', 'parameter.otherEnergyOilElasticity', 'parameter.cars.substitutionElasticity'] as const;
/** The standard normal draws: those before the regime step (whose ±1 is not normal, and after which come the parameters). */
const NORMAL_DRAWS = DRAWS.indexOf('regime');
/** Draws with mean 0 and variance 1: the normal ones and the regime step's ±1. */
const STANDARDISED_DRAWS = NORMAL_DRAWS + 1;
/** Where the two parameters lie in a path's row of parameters. */
const PARAMETER_OTHER_ENERGY = globalParameterIndex('exports.otherEnergyOilElasticity');
const PARAMETER_CARS_ELASTICITY = GLOBAL_PARAMETERS.length + SECTOR_PARAMETERS.indexOf('substitutionElasticity');
const FOUR = [0, 1, 2, 3];

/** Fixed parameters: everything but the shocks is known, so the shocks can be read back. */
const OIL_LONG_RUN = 70;
const OIL_REVERSION = 0.3;
const ROUBLE_DRIFT = 0.03;
const NON_ENERGY_GROWTH = 0.05;
const OTHER_IMPORTS_GROWTH = 0.03;
const OTHER_IMPORTS_ROUBLE = 0.4;
const CRUDE_CAPACITY = 110;
const CRUDE_CATCH_UP = 0.3;
const MARKET_GROWTH = 0.02;
const MARKET_ROUBLE = 0.5;

/** The standard deviations of the draws (each > 0, so its shock can be read back). */
interface Volatilities {
  readonly oil: number;
  readonly rouble: number;
  readonly demand: number;
  readonly exports: number;
  readonly crude: number;
  readonly share: number;
}

const BASELINE_VOLATILITIES: Volatilities = { oil: 0.28, rouble: 0.12, demand: 0.167, exports: 0.112, crude: 0.119, share: 0.1 };
const volatilities: fc.Arbitrary<Volatilities> = fc.record({
  oil: between(0.02, 0.8),
  rouble: between(0.02, 0.6),
  demand: between(0.02, 0.6),
  exports: between(0.02, 0.6),
  crude: between(0.02, 0.5),
  share: between(0.02, 0.5),
});

/** The baseline with two sectors, every parameter fixed, two regimes a path moves between at ½ each year. */
function shockScenario(correlation: number[][], v: Volatilities, observe: readonly object[] = []) {
  const sectors = Object.fromEntries(
    SECTORS.map((name) => [
      name,
      {
        ...baseline.scenario.sectors[name],
        marketGrowth: fixed(MARKET_GROWTH),
        roubleElasticity: fixed(MARKET_ROUBLE),
        adjustmentSpeed: fixed(0),
        shareVolatility: fixed(v.share),
        // random, and without effect at speed 0: a parameter draw to test against the yearly ones
        substitutionElasticity: { dist: 'uniform', min: 2, max: 9, source: 'test' },
      },
    ]),
  );
  const regime = { label: 'either', transition: { heads: 0.5, tails: 0.5 }, sanctionsIntensity: 1, westernCap: 0.3, paymentFriction: 0.03 };
  return variant(baseline, {
    sectors,
    'regimes.states': { heads: regime, tails: regime },
    'regimes.initial': 'heads',
    'correlation.matrix': correlation,
    'oil.longRunPrice': fixed(OIL_LONG_RUN),
    'oil.meanReversion': fixed(OIL_REVERSION),
    'oil.volatility': fixed(v.oil),
    'rouble.drift': fixed(ROUBLE_DRIFT),
    'rouble.volatility': fixed(v.rouble),
    'demand.volatility': fixed(v.demand),
    'exports.nonEnergyGrowth': fixed(NON_ENERGY_GROWTH),
    'exports.nonEnergyVolatility': fixed(v.exports),
    'exports.crudeCapacity': fixed(CRUDE_CAPACITY),
    'exports.crudeCatchUp': fixed(CRUDE_CATCH_UP),
    'exports.crudeCapacityGrowth': fixed(0),
    'exports.crudeVolatility': fixed(v.crude),
    'imports.otherGoodsGrowth': fixed(OTHER_IMPORTS_GROWTH),
    'imports.roubleElasticity': fixed(OTHER_IMPORTS_ROUBLE),
    // random, and it moves only the exports' value, not the state the shocks are read from
    'exports.otherEnergyOilElasticity': { dist: 'uniform', min: 0.3, max: 1, source: 'test' },
    observe,
  });
}

/**
 * Every draw of every path and year read back from the path states, as columns in DRAWS order,
 * draw (y, p) at y·paths + p; also checks, to the rounding of the arithmetic, that each sector's
 * market took the same demand shock as the other imports.
 */
function drawsOf(run: PreparedRun, v: Volatilities): { columns: Float64Array[]; years: readonly SimulatedYear[] } {
  const { plan, paths } = run;
  const { layout, years } = yearByYear(run);
  const { stride } = layout;
  const n = years.length * paths;
  const columns = DRAWS.map(() => new Float64Array(n));
  const innovation = v.oil * Math.sqrt(-Math.expm1(-2 * OIL_REVERSION) / (2 * OIL_REVERSION));
  const persistence = Math.exp(-OIL_REVERSION);
  const theta = Math.log(OIL_LONG_RUN);
  let demandMismatch = 0;
  for (let y = 0; y < years.length; y++) {
    const after = years[y]!.state;
    const before = y > 0 ? years[y - 1]!.state : null;
    for (let p = 0; p < paths; p++) {
      const at = p * stride;
      // where the path was before the year: the previous year's state, or the origin
      const was = (offset: number, origin: number) => (before ? before[at + offset]! : origin);
      const x0 = was(layout.logOil, Math.log(plan.initial.oilPrice));
      const r0 = was(layout.logRub, Math.log(plan.initial.rubPerCny));
      const o0 = was(layout.logOtherImports, Math.log(plan.initial.otherImports));
      const n0 = was(layout.logNonEnergy, Math.log(plan.initial.nonEnergyExports));
      const v0 = was(layout.crudeVolume, plan.initial.crudeVolume);
      const rubChange = after[at + layout.logRub]! - r0;
      const cell = y * paths + p;
      columns[0]![cell] = (after[at + layout.logOil]! - theta - (x0 - theta) * persistence) / innovation;
      columns[1]![cell] = (rubChange - ROUBLE_DRIFT) / v.rouble;
      columns[2]![cell] = (after[at + layout.logOtherImports]! - o0 - OTHER_IMPORTS_GROWTH + OTHER_IMPORTS_ROUBLE * rubChange) / v.demand;
      columns[3]![cell] = (after[at + layout.logNonEnergy]! - n0 - NON_ENERGY_GROWTH) / v.exports;
      columns[4]![cell] = Math.log(after[at + layout.crudeVolume]! / (v0 + CRUDE_CATCH_UP * (CRUDE_CAPACITY - v0))) / v.crude;
      SECTORS.forEach((_, k) => {
        const ratio = layout.logRatio + k * SUPPLIER_COUNT + SUPPLIER_CHINA;
        columns[5 + k]![cell] = (after[at + ratio]! - was(ratio, plan.initialLogRatio[k * SUPPLIER_COUNT + SUPPLIER_CHINA]!)) / v.share;
        const m0 = was(layout.logMarket + k, Math.log(plan.initialMarket[k]!));
        const demand = (after[at + layout.logMarket + k]! - m0 - MARKET_GROWTH + MARKET_ROUBLE * rubChange) / v.demand;
        demandMismatch = Math.max(demandMismatch, Math.abs(demand - columns[2]![cell]!));
      });
      columns[NORMAL_DRAWS]![cell] = years[y]!.output.regime[p] === 0 ? 1 : -1;
      columns[NORMAL_DRAWS + 1]![cell] = after[at + layout.parameters + PARAMETER_OTHER_ENERGY]!;
      columns[NORMAL_DRAWS + 2]![cell] = after[at + layout.parameters + PARAMETER_CARS_ELASTICITY]!;
    }
  }
  // the same shock, read from two sums of different size: equal to the rounding of the logs
  expect(demandMismatch).toBeLessThan(1e-9);
  return { columns, years };
}

/** The correlation the scenario gives draws i and j: its matrix among the four shocks, 0 elsewhere. */
function correlationOf(matrix: number[][], i: number, j: number): number {
  if (i === j) return 1;
  return i < 4 && j < 4 ? matrix[i]![j]! : 0;
}

/**
 * Mean 0 and variance 1 of every yearly draw, and the scenario's correlation for every pair of
 * draws, into `family`. A parameter is the same in each of a path's `years` years: against a
 * yearly draw, independent from year to year, r still has variance 1/n about 0 over all n
 * pairs; two parameters make only n/years distinct pairs.
 */
function checkDraws(family: CheckFamily, columns: Float64Array[], matrix: number[][], years: number): void {
  const { n, mean, covariance } = sampleMoments(columns);
  const d = columns.length;
  for (let i = 0; i < d; i++) {
    if (i < STANDARDISED_DRAWS) family.normalEstimate(`mean of ${DRAWS[i]}`, mean[i]!, 0, 1 / Math.sqrt(n));
    if (i < NORMAL_DRAWS) family.variance(`variance of ${DRAWS[i]}`, covariance[i * d + i]!, 1, n - 1);
    for (let j = i + 1; j < d; j++) {
      const r = covariance[i * d + j]! / Math.sqrt(covariance[i * d + i]! * covariance[j * d + j]!);
      const pairs = i >= STANDARDISED_DRAWS && j >= STANDARDISED_DRAWS ? n / years : n;
      family.correlation(`correlation of ${DRAWS[i]} and ${DRAWS[j]}`, r, correlationOf(matrix, i, j), pairs);
    }
  }
}

describe('the yearly draws', () => {
  // 20,000 paths × 5 years = 100,000 draws of each: a correlation's s.e. is (1 − ρ²)/√n ≈ 0.003,
  // a variance's √(2/n) ≈ 0.0045; 62 checks a run
  const paths = 20_000;

  it.each([
    ['the baseline’s matrix', baseline.scenario.correlation.matrix.map((row) => [...row])],
    ['independent shocks', FOUR.map((i) => FOUR.map((j) => (i === j ? 1 : 0)))],
    [
      'near-singular correlations (±0.95)',
      [
        [1, 0.95, -0.9, 0.9],
        [0.95, 1, -0.95, 0.88],
        [-0.9, -0.95, 1, -0.82],
        [0.9, 0.88, -0.82, 1],
      ],
    ],
  ])(
    'with %s: the four shocks have its correlations; the crude shock, share noise, regime step and the path’s parameter draws are independent of them and of each other; each yearly draw has mean 0 and variance 1',
    (_, matrix) => {
      const { columns, years } = drawsOf(preparedRun(shockScenario(matrix, BASELINE_VOLATILITIES), { paths, seed: 8 }), BASELINE_VOLATILITIES);
      const family = new CheckFamily();
      checkDraws(family, columns, matrix, years.length);
      expect(family.failures()).toEqual([]);
    },
  );

  it('with random positive definite matrices and volatilities (fast-check): the four shocks have its correlations, mean 0 and variance 1', () => {
    // the other draws' independence does not depend on the matrix: tested above, so each run
    // makes the 14 checks of the four shocks and the limits stay near 4.9 s.e. over 10 runs
    const runs = 10;
    fc.assert(
      fc.property(positiveDefiniteCorrelation, volatilities, fc.nat(0xffffffff), (matrix, v, seed) => {
        const { columns, years } = drawsOf(preparedRun(shockScenario(matrix, v), { paths, seed }), v);
        const family = new CheckFamily();
        checkDraws(family, columns.slice(0, 4), matrix, years.length);
        expect(family.failures(FALSE_ALARM_RATE / runs)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: runs, ...STATISTICAL },
    );
  });

  it('of a path in one year are independent of its draws the year before (every pair of draws, lagged a year)', () => {
    const { columns, years } = drawsOf(
      preparedRun(
        shockScenario(
          baseline.scenario.correlation.matrix.map((row) => [...row]),
          BASELINE_VOLATILITIES,
        ),
        { paths, seed: 9 },
      ),
      BASELINE_VOLATILITIES,
    );
    const pairs = (years.length - 1) * paths;
    const family = new CheckFamily();
    const yearly = columns.slice(0, STANDARDISED_DRAWS);
    yearly.forEach((earlier, i) => {
      yearly.forEach((later, j) => {
        // year y's draw i against year y + 1's draw j, over paths and years
        family.correlation(`${DRAWS[i]} then ${DRAWS[j]}`, sampleCorrelation(earlier.subarray(0, pairs), later.subarray(paths)), 0, pairs);
      });
    });
    expect(family.failures()).toEqual([]);
  });
});

describe('the yearly shocks given an observed oil price or rouble', () => {
  /**
   * The shocks an observation pins are the ones that take each path to the observed value; the
   * free ones F given the pinned ones P are normal with mean Σ_FP·Σ_PP⁻¹·ε_P and covariance
   * Σ_FF − Σ_FP·Σ_PP⁻¹·Σ_PF (the Gaussian conditional). The residuals e = ε_F − Σ_FP·Σ_PP⁻¹·ε_P
   * are tested: mean 0, that covariance, and independent of ε_P.
   */
  const first = baseline.scenario.origin + 1;
  // which drivers each year pins: oil; the rouble; both; neither; both
  const pins: readonly (readonly number[])[] = [[0], [1], [0, 1], [], [0, 1]];
  const observedValue = [
    [62, 75, 58],
    [12.2, 12.9, 13.4],
  ];
  const observe = pins.flatMap((pinned, y) => pinned.map((driver) => ({ name: driver === 0 ? 'oilPrice' : 'rubPerCny', year: first + y, value: observedValue[driver]![y % 3]! })));

  it('leaves the free shocks normal about their regression on the pinned ones, with the conditional covariance (fast-check matrices)', () => {
    const runs = 3;
    const paths = 20_000;
    fc.assert(
      fc.property(positiveDefiniteCorrelation, fc.nat(0xffffffff), (matrix, seed) => {
        const run = preparedRun(shockScenario(matrix, BASELINE_VOLATILITIES, observe), { paths, seed });
        const { columns, years } = drawsOf(run, BASELINE_VOLATILITIES);
        const family = new CheckFamily();
        pins.forEach((pinned, y) => {
          // every path takes the observed values
          for (const driver of pinned) {
            const series = years[y]!.output.values[driver === 0 ? SERIES_OIL_PRICE : SERIES_RUB_PER_CNY]!;
            expect(series.every((value) => value === observedValue[driver]![y % 3])).toBe(true);
          }
          const free = FOUR.filter((i) => !pinned.includes(i));
          const { regression, covariance } = conditional(matrix, pinned, free);
          const at = (i: number) => columns[i]!.subarray(y * paths, (y + 1) * paths);
          const residuals = free.map((f, a) => {
            const e = Float64Array.from(at(f));
            pinned.forEach((q, b) => {
              const shock = at(q);
              for (let p = 0; p < paths; p++) e[p]! -= regression[a]![b]! * shock[p]!;
            });
            return e;
          });
          const moments = sampleMoments(residuals);
          const k = free.length;
          free.forEach((f, a) => {
            const variance = covariance[a]![a]!;
            family.normalEstimate(`year ${y}: mean of ${DRAWS[f]}’s residual`, moments.mean[a]!, 0, Math.sqrt(variance / paths));
            family.variance(`year ${y}: variance of ${DRAWS[f]}’s residual`, moments.covariance[a * k + a]!, variance, paths - 1);
            for (let b = a + 1; b < k; b++) {
              const r = moments.covariance[a * k + b]! / Math.sqrt(moments.covariance[a * k + a]! * moments.covariance[b * k + b]!);
              family.correlation(`year ${y}: ${DRAWS[f]} and ${DRAWS[free[b]!]} given the pinned`, r, covariance[a]![b]! / Math.sqrt(variance * covariance[b]![b]!), paths);
            }
            // independent of the pinned shocks, where those differ between paths (not after a year whose value was pinned too)
            for (const q of pinned) {
              const shock = at(q);
              if (shock.every((value) => value === shock[0])) continue;
              family.correlation(`year ${y}: ${DRAWS[f]}’s residual and pinned ${DRAWS[q]}`, sampleCorrelation(residuals[a]!, shock), 0, paths);
            }
          });
        });
        expect(family.size).toBeGreaterThan(40);
        expect(family.failures(FALSE_ALARM_RATE / runs)).toEqual([]);
      }),
      // the baseline's matrix first, then random ones
      { seed: PROPERTY_SEED, numRuns: runs, examples: [[baseline.scenario.correlation.matrix.map((row) => [...row]), 1]], ...STATISTICAL },
    );
  });
});

/** Σ_FP·Σ_PP⁻¹ (|F|×|P|) and Σ_FF − Σ_FP·Σ_PP⁻¹·Σ_PF (|F|×|F|) for one or two pinned shocks, in closed form. */
function conditional(matrix: number[][], pinned: readonly number[], free: readonly number[]): { regression: number[][]; covariance: number[][] } {
  const s = (i: number, j: number) => matrix[i]![j]!;
  let inverse: number[][] = [];
  if (pinned.length === 1) inverse = [[1 / s(pinned[0]!, pinned[0]!)]];
  if (pinned.length === 2) {
    const [a, b] = pinned as [number, number];
    const determinant = s(a, a) * s(b, b) - s(a, b) * s(b, a);
    inverse = [
      [s(b, b) / determinant, -s(a, b) / determinant],
      [-s(b, a) / determinant, s(a, a) / determinant],
    ];
  }
  const regression = free.map((f) => pinned.map((_, c) => pinned.reduce((sum, q, b) => sum + s(f, q) * inverse[b]![c]!, 0)));
  const covariance = free.map((f, a) => free.map((g) => s(f, g) - pinned.reduce((sum, q, b) => sum + regression[a]![b]! * s(q, g), 0)));
  return { regression, covariance };
}
