import { add, exp, log, mean, multiply, subtract } from 'mathjs';
import seedrandom from 'seedrandom';
import { BARRELS_PER_TONNE, PERCENTILES } from '../src/core/defaults.js';
import { SUPPLIERS, type ModelPlan } from '../src/core/modelPlan.js';
import { normalQuantile } from '../src/core/normalQuantile.js';
import { createQuantileFunction } from '../src/core/quantileFunction.js';

/**
 * The yardstick of the benchmark (issue 6): the same model as `src/core/simulatePaths.ts`
 * (docs/model.md: the same equations, parameter distributions and inverse-CDF normals), written the
 * way a first draft would be — an object per path and year, every vector and scalar step through
 * mathjs, one default `seedrandom` (ARC4) stream for the whole run, and percentiles by sorting
 * (Hyndman–Fan 7 like the engine). Its random numbers differ from the
 * engine's, so it agrees with the engine statistically, not bit for bit (a test checks that).
 * Deliberately slow; never imported by `src/`.
 */

interface NaiveSupplierShares {
  china: number;
  west: number;
  domestic: number;
  other: number;
}

interface NaiveYear {
  year: number;
  regime: string;
  oilPrice: number;
  rubPerCny: number;
  exportsToChina: number;
  importsFromChina: number;
  turnover: number;
  shares: Record<string, NaiveSupplierShares>;
}

interface NaiveSectorParameters {
  marketGrowth: number;
  roubleElasticity: number;
  substitutionElasticity: number;
  adjustmentSpeed: number;
  shareVolatility: number;
}

interface NaivePath {
  parameters: Record<string, number>;
  sectors: NaiveSectorParameters[];
  years: NaiveYear[];
}

export interface NaiveSummary {
  readonly mean: number[];
  readonly percentiles: number[][];
}

/** Simulates `paths` paths of `plan` the naive way: an array of path objects. */
export function simulateNaive(plan: ModelPlan, paths: number, seed: number): NaivePath[] {
  const random = seedrandom(String(seed));
  const uniform = (): number => {
    let u = random();
    while (u === 0) u = random(); // the inverse CDFs need u in (0, 1)
    return u;
  };
  const samplers = plan.parameters.map((slot) => ({ name: slot.name, sample: createQuantileFunction(slot.distribution) }));
  const R = plan.regimeNames.length;
  const K = plan.sectorNames.length;
  const J = SUPPLIERS.length;
  const L = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => plan.correlationFactor[i * 4 + j]!));
  const transition = plan.regimeNames.map((_, r) => Array.from(plan.transitionCumulative.subarray(r * R, (r + 1) * R)));
  const logOil0 = log(plan.initial.oilPrice);

  const result: NaivePath[] = [];
  for (let p = 0; p < paths; p++) {
    const parameters: Record<string, number> = {};
    for (const sampler of samplers) parameters[sampler.name] = sampler.sample(uniform());
    const sectors = plan.sectorNames.map((name) => ({
      marketGrowth: parameters[`sectors.${name}.marketGrowth`]!,
      roubleElasticity: parameters[`sectors.${name}.roubleElasticity`]!,
      substitutionElasticity: parameters[`sectors.${name}.substitutionElasticity`]!,
      adjustmentSpeed: parameters[`sectors.${name}.adjustmentSpeed`]!,
      shareVolatility: parameters[`sectors.${name}.shareVolatility`]!,
    }));
    const kappa = parameters['oil.meanReversion']!;
    const persistence = exp(-kappa);
    const innovation = kappa > 0 ? parameters['oil.volatility']! * Math.sqrt((1 - exp(-2 * kappa)) / (2 * kappa)) : parameters['oil.volatility']!;
    const theta = log(parameters['oil.longRunPrice']!);

    let logOil = logOil0;
    let logRub = log(plan.initial.rubPerCny);
    let crude = plan.initial.crudeVolume;
    let logNonEnergy = log(plan.initial.nonEnergyExports);
    let logOtherImports = log(plan.initial.otherImports);
    let regime = plan.initialRegime;
    let jumpExports = 0;
    let jumpImports = 0;
    const logMarket = plan.sectorNames.map((_, k) => log(plan.initialMarket[k]!));
    const logRatio = plan.sectorNames.map((_, k) => Array.from(plan.initialLogRatio.subarray(k * J, (k + 1) * J)));

    const years: NaiveYear[] = [];
    plan.years.forEach((year, y) => {
      const u = uniform();
      const next = transition[regime]!.findIndex((c, i) => u < c || i === R - 1);
      if (next !== regime) {
        jumpExports = add(jumpExports, plan.entryJumpExports[next]!);
        jumpImports = add(jumpImports, plan.entryJumpImports[next]!);
        regime = next;
      }
      const z = [normalQuantile(uniform()), normalQuantile(uniform()), normalQuantile(uniform()), normalQuantile(uniform())];
      const [shockOil, shockRub, shockDemand, shockExports] = multiply(L, z) as number[];

      logOil = add(theta, add(multiply(subtract(logOil, theta), persistence), multiply(innovation, shockOil!)));
      const oilPrice = exp(logOil);
      const rubChange = add(parameters['rouble.drift']!, multiply(parameters['rouble.volatility']!, shockRub!));
      logRub = add(logRub, rubChange);
      // the ceiling grows at crudeCapacityGrowth a year from the origin; the volume has its own shock
      const capacity = multiply(parameters['exports.crudeCapacity']!, exp(multiply(parameters['exports.crudeCapacityGrowth']!, y + 1)));
      const crudeShock = multiply(parameters['exports.crudeVolatility']!, normalQuantile(uniform()));
      crude = multiply(add(crude, multiply(parameters['exports.crudeCatchUp']!, subtract(capacity, crude))), exp(crudeShock));
      const crudeValue = (crude * BARRELS_PER_TONNE * oilPrice) / 1000;
      const otherEnergy = multiply(plan.initial.otherEnergyExports, exp(multiply(parameters['exports.otherEnergyOilElasticity']!, subtract(logOil, logOil0))));
      logNonEnergy = add(logNonEnergy, add(parameters['exports.nonEnergyGrowth']!, multiply(parameters['exports.nonEnergyVolatility']!, shockExports!)));
      const logFriction = plan.logFrictionFactor[regime]!;
      const exportsValue = multiply(add(add(crudeValue, otherEnergy), exp(logNonEnergy)), exp(add(jumpExports, logFriction)));

      const cap = plan.westernCap[regime]!;
      const odds = cap >= 1 ? Infinity : cap / (1 - cap);
      const demandShock = multiply(parameters['demand.volatility']!, shockDemand!);
      const shares: Record<string, NaiveSupplierShares> = {};
      let sectorImports = 0;
      plan.sectorNames.forEach((name, k) => {
        const sector = sectors[k]!;
        logMarket[k] = add(logMarket[k]!, subtract(add(sector.marketGrowth, demandShock), multiply(sector.roubleElasticity, rubChange)));
        const row = ((y * R + regime) * K + k) * J;
        const logPriceOf = (j: number) => plan.logPrice[row + j]!;
        const oneMinusElasticity = subtract(1, sector.substitutionElasticity);
        const speed = sector.adjustmentSpeed;
        // Armington target log-ratios to domestic (domestic's is 0), Western share capped
        const target: Record<string, number> = {};
        const targetRatio: Record<string, number> = {};
        SUPPLIERS.forEach((supplier, j) => {
          target[supplier] = add(plan.logBaseRatio[k * J + j]!, multiply(oneMinusElasticity, subtract(logPriceOf(j), logPriceOf(2))));
          targetRatio[supplier] = exp(target[supplier]!);
        });
        const targetLimit = multiply(odds, add(1, add(targetRatio.china!, targetRatio.other!)));
        if (targetRatio.west! > targetLimit) target.west = log(targetLimit);
        // partial adjustment toward the target, noise on China's ratio
        const noise = multiply(sector.shareVolatility, normalQuantile(uniform()));
        const ratio: Record<string, number> = {};
        SUPPLIERS.forEach((supplier, j) => {
          if (supplier === 'domestic') {
            ratio[supplier] = 1;
            return;
          }
          let moved = add(logRatio[k]![j]!, multiply(speed, subtract(target[supplier]!, logRatio[k]![j]!)));
          if (supplier === 'china') moved = add(moved, noise);
          logRatio[k]![j] = moved;
          ratio[supplier] = exp(moved);
        });
        const limit = multiply(odds, add(1, add(ratio.china!, ratio.other!)));
        if (ratio.west! > limit) {
          ratio.west = limit;
          logRatio[k]![1] = log(limit);
        }
        const total = add(add(ratio.china!, ratio.west!), add(ratio.domestic!, ratio.other!));
        shares[name] = { china: ratio.china! / total, west: ratio.west! / total, domestic: ratio.domestic! / total, other: ratio.other! / total };
        sectorImports = add(sectorImports, multiply(multiply(exp(logMarket[k]!), shares[name]!.china), plan.importContent[y * K + k]!));
      });
      logOtherImports = add(logOtherImports, add(subtract(parameters['imports.otherGoodsGrowth']!, multiply(parameters['imports.roubleElasticity']!, rubChange)), demandShock));
      const importsValue = multiply(add(sectorImports, exp(add(logOtherImports, logFriction))), exp(jumpImports));
      years.push({
        year,
        regime: plan.regimeNames[regime]!,
        oilPrice,
        rubPerCny: exp(logRub),
        exportsToChina: exportsValue,
        importsFromChina: importsValue,
        turnover: add(exportsValue, importsValue),
        shares,
      });
    });
    result.push({ parameters, sectors, years });
  }
  return result;
}

/** Mean and PERCENTILES of every series by year, the naive way: pull each column out and sort. */
export function summariseNaive(plan: ModelPlan, paths: readonly NaivePath[]): Record<string, NaiveSummary> {
  const columns: Record<string, (year: NaiveYear) => number> = {
    turnover: (y) => y.turnover,
    exportsToChina: (y) => y.exportsToChina,
    importsFromChina: (y) => y.importsFromChina,
    oilPrice: (y) => y.oilPrice,
    rubPerCny: (y) => y.rubPerCny,
  };
  for (const sector of plan.sectorNames) {
    for (const supplier of SUPPLIERS) columns[`share.${sector}.${supplier}`] = (y) => y.shares[sector]![supplier];
  }
  const summary: Record<string, NaiveSummary> = {};
  for (const [name, pick] of Object.entries(columns)) {
    const means: number[] = [];
    const bands: number[][] = [];
    plan.years.forEach((_, y) => {
      const values = paths.map((path) => pick(path.years[y]!));
      means.push(mean(values));
      const sorted = [...values].sort((a, b) => a - b);
      bands.push(PERCENTILES.map((q) => sortedPercentile(sorted, q)));
    });
    summary[name] = { mean: means, percentiles: bands };
  }
  return summary;
}

/** Hyndman–Fan definition 7 on a sorted array. */
function sortedPercentile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const low = sorted[below]!;
  const next = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return low + (h - below) * (next - low);
}
