import { BARRELS_PER_TONNE } from './defaults.js';
import {
  GLOBAL_PARAMETERS,
  SECTOR_PARAMETERS,
  SUPPLIER_CHINA,
  SUPPLIER_COUNT,
  SUPPLIER_DOMESTIC,
  SUPPLIER_OTHER,
  SUPPLIER_WEST,
  globalParameterIndex,
  type ModelPlan,
} from './modelPlan.js';
import { normalQuantile } from './normalQuantile.js';
import { ornsteinUhlenbeckInnovationScale, ornsteinUhlenbeckPersistence } from './ornsteinUhlenbeck.js';
import { createQuantileFunction } from './quantileFunction.js';
import {
  PARAMETER_YEAR_KEY,
  STREAM_MACRO,
  STREAM_PARAMETERS,
  STREAM_SECTORS,
  nextUniform,
  seedStateInto,
} from './random.js';
import {
  FIRST_SHARE_SERIES,
  SERIES_EXPORTS,
  SERIES_IMPORTS,
  SERIES_OIL_PRICE,
  SERIES_RUB_PER_CNY,
  SERIES_TURNOVER,
  type SimulationOutput,
} from './simulationOutput.js';
import { cappedWesternRatio } from './westernCap.js';

export interface SimulateOptions {
  /** Master seed (unsigned 32-bit). */
  readonly seed: number;
  /** First path to simulate (inclusive), as an index into the output. */
  readonly start: number;
  /** Last path to simulate (exclusive). */
  readonly end: number;
  /**
   * Uniforms driving the parameter draws instead of the generator, row-major by output path:
   * `parameterUniforms[p·parameters + i]` ∈ (0, 1). Used by sensitivity designs.
   */
  readonly parameterUniforms?: Float64Array;
  /**
   * Random-number key of each output path (default: the path index). Paths with the same key
   * see the same shocks, in this run and in any other run with the same seed.
   */
  readonly pathKeys?: Uint32Array;
}

const G = GLOBAL_PARAMETERS.length;
const S = SECTOR_PARAMETERS.length;
const J = SUPPLIER_COUNT;
const P_OIL_LONG_RUN = globalParameterIndex('oil.longRunPrice');
const P_OIL_REVERSION = globalParameterIndex('oil.meanReversion');
const P_OIL_VOLATILITY = globalParameterIndex('oil.volatility');
const P_RUB_DRIFT = globalParameterIndex('rouble.drift');
const P_RUB_VOLATILITY = globalParameterIndex('rouble.volatility');
const P_CRUDE_CAPACITY = globalParameterIndex('exports.crudeCapacity');
const P_CRUDE_CATCH_UP = globalParameterIndex('exports.crudeCatchUp');
const P_OTHER_ENERGY_ELASTICITY = globalParameterIndex('exports.otherEnergyOilElasticity');
const P_NON_ENERGY_GROWTH = globalParameterIndex('exports.nonEnergyGrowth');
const P_NON_ENERGY_VOLATILITY = globalParameterIndex('exports.nonEnergyVolatility');
const P_OTHER_IMPORTS_GROWTH = globalParameterIndex('imports.otherGoodsGrowth');
const P_DEMAND_VOLATILITY = globalParameterIndex('demand.volatility');
// offsets within a sector's block of parameters
const S_GROWTH = SECTOR_PARAMETERS.indexOf('marketGrowth');
const S_ROUBLE = SECTOR_PARAMETERS.indexOf('roubleElasticity');
const S_ELASTICITY = SECTOR_PARAMETERS.indexOf('substitutionElasticity');
const S_SPEED = SECTOR_PARAMETERS.indexOf('adjustmentSpeed');
const S_VOLATILITY = SECTOR_PARAMETERS.indexOf('shareVolatility');

/**
 * Simulates paths [start, end) of the model and writes them into `output` (DESIGN §2).
 *
 * Per path: draw its parameters, then step year by year — regime (Markov), correlated shocks
 * (ε = L·z), oil (exact OU on the log price), rouble, exports, sector demand, Armington target
 * shares and partial adjustment in log-ratio space, imports, turnover. State lives in locals
 * and a few typed arrays allocated once per call; nothing is allocated per path or year.
 * Each path's random numbers are keyed by (seed, path key, stream, year), so any split of the
 * paths between calls or threads gives the same numbers.
 */
export function simulatePathsInto(plan: ModelPlan, output: SimulationOutput, options: SimulateOptions): void {
  const { seed, start, end, parameterUniforms, pathKeys } = options;
  const paths = output.paths;
  const yearCount = plan.years.length;
  const sectorCount = plan.sectorNames.length;
  const regimeCount = plan.regimeNames.length;
  const parameterCount = plan.parameters.length;
  const quantiles = plan.parameters.map((slot) => createQuantileFunction(slot.distribution));

  const values = output.values;
  const turnoverOut = values[SERIES_TURNOVER]!;
  const exportsOut = values[SERIES_EXPORTS]!;
  const importsOut = values[SERIES_IMPORTS]!;
  const oilOut = values[SERIES_OIL_PRICE]!;
  const rubOut = values[SERIES_RUB_PER_CNY]!;
  const regimeOut = output.regime;

  const {
    transitionCumulative,
    logFrictionFactor,
    entryJumpExports,
    entryJumpImports,
    logPrice,
    logBaseRatio,
    initialLogRatio,
    initialMarket,
    importContent,
    initial,
  } = plan;
  const capOdds = new Float64Array(regimeCount);
  for (let r = 0; r < regimeCount; r++) {
    const cap = plan.westernCap[r]!;
    capOdds[r] = cap >= 1 ? Infinity : cap / (1 - cap);
  }
  const L = plan.correlationFactor;
  const l00 = L[0]!;
  const l10 = L[4]!, l11 = L[5]!;
  const l20 = L[8]!, l21 = L[9]!, l22 = L[10]!;
  const l30 = L[12]!, l31 = L[13]!, l32 = L[14]!, l33 = L[15]!;

  const logOil0 = Math.log(initial.oilPrice);
  const logRub0 = Math.log(initial.rubPerCny);
  const logNonEnergy0 = Math.log(initial.nonEnergyExports);
  const logOtherImports0 = Math.log(initial.otherImports);
  const crudeValuePerMtPerDollar = BARRELS_PER_TONNE / 1000; // Mt × $/bbl → US$ bn

  const rng = new Uint32Array(4);
  const parameter = new Float64Array(parameterCount);
  const logRatio = new Float64Array(sectorCount * J);
  const logMarket = new Float64Array(sectorCount);

  for (let path = start; path < end; path++) {
    const key = pathKeys ? pathKeys[path]! : path;

    // — per-path parameter draws (one uniform each, by the quantile function) —
    if (parameterUniforms) {
      const row = path * parameterCount;
      for (let i = 0; i < parameterCount; i++) parameter[i] = quantiles[i]!(parameterUniforms[row + i]!);
    } else {
      seedStateInto(rng, seed, key, STREAM_PARAMETERS, PARAMETER_YEAR_KEY);
      for (let i = 0; i < parameterCount; i++) parameter[i] = quantiles[i]!(nextUniform(rng));
    }
    const logOilLongRun = Math.log(parameter[P_OIL_LONG_RUN]!);
    const meanReversion = parameter[P_OIL_REVERSION]!;
    const oilPersistence = ornsteinUhlenbeckPersistence(meanReversion);
    const oilInnovation = ornsteinUhlenbeckInnovationScale(meanReversion, parameter[P_OIL_VOLATILITY]!);
    const rubDrift = parameter[P_RUB_DRIFT]!;
    const rubVolatility = parameter[P_RUB_VOLATILITY]!;
    const crudeCapacity = parameter[P_CRUDE_CAPACITY]!;
    const crudeCatchUp = parameter[P_CRUDE_CATCH_UP]!;
    const otherEnergyElasticity = parameter[P_OTHER_ENERGY_ELASTICITY]!;
    const nonEnergyGrowth = parameter[P_NON_ENERGY_GROWTH]!;
    const nonEnergyVolatility = parameter[P_NON_ENERGY_VOLATILITY]!;
    const otherImportsGrowth = parameter[P_OTHER_IMPORTS_GROWTH]!;
    const demandVolatility = parameter[P_DEMAND_VOLATILITY]!;

    // — state at the origin —
    let logOil = logOil0;
    let logRub = logRub0;
    let crudeVolume = initial.crudeVolume;
    let logNonEnergy = logNonEnergy0;
    let logOtherImports = logOtherImports0;
    let regime = plan.initialRegime;
    let jumpExports = 0;
    let jumpImports = 0;
    for (let k = 0; k < sectorCount; k++) {
      logMarket[k] = Math.log(initialMarket[k]!);
      for (let j = 0; j < J; j++) logRatio[k * J + j] = initialLogRatio[k * J + j]!;
    }

    for (let y = 0; y < yearCount; y++) {
      const cell = y * paths + path;
      seedStateInto(rng, seed, key, STREAM_MACRO, y);

      // 1. regime: Markov step, with a one-off log jump on entering a new regime
      const u = nextUniform(rng);
      const row = regime * regimeCount;
      let next = 0;
      while (next < regimeCount - 1 && u >= transitionCumulative[row + next]!) next++;
      if (next !== regime) {
        jumpExports += entryJumpExports[next]!;
        jumpImports += entryJumpImports[next]!;
        regime = next;
      }

      // 2. correlated shocks ε = L·z over (oil, rouble, demand, exports)
      const z0 = normalQuantile(nextUniform(rng));
      const z1 = normalQuantile(nextUniform(rng));
      const z2 = normalQuantile(nextUniform(rng));
      const z3 = normalQuantile(nextUniform(rng));
      const shockOil = l00 * z0;
      const shockRub = l10 * z0 + l11 * z1;
      const shockDemand = l20 * z0 + l21 * z1 + l22 * z2;
      const shockExports = l30 * z0 + l31 * z1 + l32 * z2 + l33 * z3;

      // 3. oil: exact OU step on the log price
      logOil = logOilLongRun + (logOil - logOilLongRun) * oilPersistence + oilInnovation * shockOil;
      const oilPrice = Math.exp(logOil);

      // 4. rouble (log RUB per CNY): drift plus shock
      const rubChange = rubDrift + rubVolatility * shockRub;
      logRub += rubChange;

      // 5. exports: crude volume toward capacity × price, other energy tied to oil, non-energy drift
      crudeVolume += crudeCatchUp * (crudeCapacity - crudeVolume);
      const crudeValue = crudeVolume * crudeValuePerMtPerDollar * oilPrice;
      const otherEnergy = initial.otherEnergyExports * Math.exp(otherEnergyElasticity * (logOil - logOil0));
      logNonEnergy += nonEnergyGrowth + nonEnergyVolatility * shockExports;
      const logFriction = logFrictionFactor[regime]!;
      const exportsValue = (crudeValue + otherEnergy + Math.exp(logNonEnergy)) * Math.exp(jumpExports + logFriction);

      // 6–7. sectors: demand, Armington target, partial adjustment of log-ratios, imports
      seedStateInto(rng, seed, key, STREAM_SECTORS, y);
      const demandShock = demandVolatility * shockDemand;
      const odds = capOdds[regime]!;
      const priceRow = (y * regimeCount + regime) * sectorCount * J;
      let sectorImports = 0;
      for (let k = 0; k < sectorCount; k++) {
        const p = G + k * S;
        const logMarketK = logMarket[k]! + parameter[p + S_GROWTH]! - parameter[p + S_ROUBLE]! * rubChange + demandShock;
        logMarket[k] = logMarketK;
        const oneMinusElasticity = 1 - parameter[p + S_ELASTICITY]!;
        const speed = parameter[p + S_SPEED]!;
        const b = k * J;
        const priceBase = priceRow + b;
        const logPriceDomestic = logPrice[priceBase + SUPPLIER_DOMESTIC]!;

        // target log-ratios ln(s*_j / s*_domestic), Western share capped
        const targetChina = logBaseRatio[b + SUPPLIER_CHINA]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_CHINA]! - logPriceDomestic);
        let targetWest = logBaseRatio[b + SUPPLIER_WEST]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_WEST]! - logPriceDomestic);
        const targetOther = logBaseRatio[b + SUPPLIER_OTHER]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_OTHER]! - logPriceDomestic);
        const targetWestRatio = Math.exp(targetWest);
        const cappedTarget = cappedWesternRatio(Math.exp(targetChina), targetWestRatio, Math.exp(targetOther), odds);
        if (cappedTarget !== targetWestRatio) targetWest = Math.log(cappedTarget);

        // partial adjustment toward the target; noise on China's ratio
        const china = logRatio[b + SUPPLIER_CHINA]!;
        const west = logRatio[b + SUPPLIER_WEST]!;
        const other = logRatio[b + SUPPLIER_OTHER]!;
        const shareNoise = parameter[p + S_VOLATILITY]! * normalQuantile(nextUniform(rng));
        const newChina = china + speed * (targetChina - china) + shareNoise;
        let newWest = west + speed * (targetWest - west);
        const newOther = other + speed * (targetOther - other);
        const chinaRatio = Math.exp(newChina);
        const otherRatio = Math.exp(newOther);
        const uncappedWestRatio = Math.exp(newWest);
        const westRatio = cappedWesternRatio(chinaRatio, uncappedWestRatio, otherRatio, odds);
        if (westRatio !== uncappedWestRatio) newWest = Math.log(westRatio);
        logRatio[b + SUPPLIER_CHINA] = newChina;
        logRatio[b + SUPPLIER_WEST] = newWest;
        logRatio[b + SUPPLIER_OTHER] = newOther;

        const domesticShare = 1 / (1 + chinaRatio + westRatio + otherRatio);
        const chinaShare = chinaRatio * domesticShare;
        const s = FIRST_SHARE_SERIES + b;
        values[s + SUPPLIER_CHINA]![cell] = chinaShare;
        values[s + SUPPLIER_WEST]![cell] = westRatio * domesticShare;
        values[s + SUPPLIER_DOMESTIC]![cell] = domesticShare;
        values[s + SUPPLIER_OTHER]![cell] = otherRatio * domesticShare;
        sectorImports += Math.exp(logMarketK) * chinaShare * importContent[k]!;
      }
      logOtherImports += otherImportsGrowth + demandShock;
      const importsValue = (sectorImports + Math.exp(logOtherImports + logFriction)) * Math.exp(jumpImports);

      turnoverOut[cell] = exportsValue + importsValue;
      exportsOut[cell] = exportsValue;
      importsOut[cell] = importsValue;
      oilOut[cell] = oilPrice;
      rubOut[cell] = Math.exp(logRub);
      regimeOut[cell] = regime;
    }
  }
}
