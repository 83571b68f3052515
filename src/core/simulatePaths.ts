import { BARRELS_PER_TONNE } from './defaults.js';
import { exp } from './exp.js';
import { log } from './log.js';
import {
  CONDITIONING_STRIDE,
  GLOBAL_PARAMETERS,
  PINNED_OIL,
  PINNED_ROUBLE,
  SECTOR_PARAMETERS,
  SUPPLIER_CHINA,
  SUPPLIER_COUNT,
  SUPPLIER_DOMESTIC,
  SUPPLIER_OTHER,
  SUPPLIER_WEST,
  globalParameterIndex,
  laterParameterIndex,
  type ModelPlan,
} from './modelPlan.js';
import { normalQuantile } from './normalQuantile.js';
import { ornsteinUhlenbeckInnovationScale, ornsteinUhlenbeckPersistence } from './ornsteinUhlenbeck.js';
import { compileDistributions, quantileOf, type CompiledDistributions } from './quantileFunction.js';
import { pathStateLayout, type PathStateLayout, type PathStates } from './pathStates.js';
import { PARAMETER_YEAR_KEY, STREAM_MACRO, STREAM_PARAMETERS, STREAM_SECTORS, keyedUniformsInto, pathKeyHash } from './random.js';
import { FIRST_SHARE_SERIES, SERIES_EXPORTS, SERIES_IMPORTS, SERIES_OIL_PRICE, SERIES_RUB_PER_CNY, SERIES_TURNOVER, type SimulationOutput } from './simulationOutput.js';
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
  /**
   * Simulate only the projected years with index in [fromYear, toYear) (default: all of them),
   * writing year y at `(y − fromYear)·paths + path` of an output that holds those years only.
   * A call that does not start at year 0 resumes each path from `state`, where a previous call
   * left it; a call that starts at 0 draws the parameters. Needs `state` unless it covers every
   * year. Splitting the years this way gives the same bits as one call.
   */
  readonly fromYear?: number;
  readonly toYear?: number;
  /** Each path's parameters and state, read at the start and written at the end of the call. */
  readonly state?: PathStates;
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
 * Uniforms per path and year in the macro stream: the regime step, the four correlated shocks,
 * then the crude-volume shock (independent of the others). The stream is a sequence, so the
 * first five are the same numbers whether or not the sixth is drawn.
 */
const MACRO_UNIFORMS = 6;
/** Macro uniforms used by a path without crude-volume dynamics (no volume shock drawn). */
const MACRO_UNIFORMS_WITHOUT_CRUDE = 5;
/**
 * Below ln(capOdds) by this much, a target Western log-ratio cannot reach the cap: e^l ≤
 * capOdds·(1 − 1e-9)(1 + 2^−52) < capOdds ≤ capOdds·(1 + e^{l_c} + e^{l_o}), whatever the
 * rounding. The engine then skips the cap test and its three exponentials; the result is the
 * same bits as testing.
 */
const CAP_TEST_MARGIN = 1e-9;
/**
 * The exponentials of a path-year, computed together by `expInPlace` (see `simulatePathsInto`):
 * five of the year's macro variables, four per sector, then — for a path whose crude volume has
 * a shock or a growing ceiling — the ceiling's growth factor and the volume shock's.
 */
const E_OIL = 0;
const E_OTHER_ENERGY = 1;
const E_NON_ENERGY = 2;
const E_OTHER_IMPORTS = 3;
const E_RUB = 4;
const E_SECTORS = 5;
const E_PER_SECTOR = 4;
const E_CHINA = 0;
const E_OTHER = 1;
const E_WEST = 2;
const E_MARKET = 3;
const E_CAPACITY_GROWTH = 0;
const E_CRUDE_SHOCK = 1;

/**
 * Simulates paths [start, end) of the model and writes them into `output` (docs/model.md).
 *
 * Per path: draw its parameters, then step year by year — regime (Markov), correlated shocks
 * (ε = L·z), oil (exact OU on the log price), rouble, exports, sector demand, Armington target
 * shares and partial adjustment in log-ratio space, imports, turnover. State lives in locals
 * and one row of numbers per path; nothing is allocated per path or year. Per-path constants
 * are computed once per path, the generator runs on locals (`keyedUniformsInto`), and every
 * exponential whose argument has not changed since the last year is reused.
 * Each path's random numbers are keyed by (seed, path key, stream, year), so any split of the
 * paths or years between calls or threads gives the same numbers.
 *
 * The elementary functions are the project's own (exp.ts, log.ts), which a JavaScript compiler
 * inlines only a few times in a function this size; a call it does not inline passes its
 * number boxed on the heap. So a year's work is arranged in passes over small arrays: its
 * normal draws are made in one call (`normalQuantilesInPlace`), its exponentials in another
 * (`expInPlace`, arguments gathered first) and the logarithms of capped Western ratios in a
 * third (`logInPlace`), and a sector's Armington targets — which change only
 * with its prices and the regime's cap — are kept while the regime holds and the sector's
 * prices do not change (sectors without a year schedule skip the targets and their cap test's
 * exponentials after the first year of a regime). Each value is still the same expression of the same inputs, so the bits
 * are those of computing them one at a time.
 */
export function simulatePathsInto(plan: ModelPlan, output: SimulationOutput, options: SimulateOptions): void {
  const { seed, start, end, parameterUniforms, pathKeys, state } = options;
  const { fromYear, toYear } = checkYears(plan, output, options);
  const paths = output.paths;
  const sectorCount = plan.sectorNames.length;
  const regimeCount = plan.regimeNames.length;
  const parameterCount = plan.parameters.length;
  const distributions = compileDistributions(plan.parameters.map((slot) => slot.distribution));
  const layout = pathStateLayout(plan);
  const { stride } = layout;
  const rows = state ? state.values : new Float64Array(stride);

  const values = output.values;
  const turnoverOut = values[SERIES_TURNOVER]!;
  const exportsOut = values[SERIES_EXPORTS]!;
  const importsOut = values[SERIES_IMPORTS]!;
  const oilOut = values[SERIES_OIL_PRICE]!;
  const rubOut = values[SERIES_RUB_PER_CNY]!;
  const regimeOut = output.regime;

  const { transitionCumulative, logFrictionFactor, entryJumpExports, entryJumpImports, logPrice, logBaseRatio, importContent, initial, observed, shockConditioning } = plan;
  const { pinPattern, observedLogOil, observedLogRub, capOdds, capTestAbove, priceRowClass, origin } = loopConstantsOf(plan);
  const L = plan.correlationFactor;
  const l00 = L[0]!;
  const l10 = L[4]!,
    l11 = L[5]!;
  const l20 = L[8]!,
    l21 = L[9]!,
    l22 = L[10]!;
  const l30 = L[12]!,
    l31 = L[13]!,
    l32 = L[14]!,
    l33 = L[15]!;

  const logOil0 = origin[ORIGIN_LOG_OIL]!;
  const otherEnergy0 = initial.otherEnergyExports;
  const crudeValuePerMtPerDollar = CRUDE_VALUE_PER_MT_PER_DOLLAR;

  const uniforms = new Float64Array(Math.max(parameterCount, MACRO_UNIFORMS, sectorCount));
  const eCrude = E_SECTORS + E_PER_SECTOR * sectorCount;
  const exponentials = new Float64Array(eCrude + 2);
  const pCrudeVolatility = laterParameterIndex('exports.crudeVolatility', sectorCount);
  const pCrudeGrowth = laterParameterIndex('exports.crudeCapacityGrowth', sectorCount);
  const pImportsRouble = laterParameterIndex('imports.roubleElasticity', sectorCount);
  /** per sector: the Armington target log-ratios (china, west capped, other) of the cached price row */
  const targets = new Float64Array(3 * sectorCount);
  const targetClass = new Int32Array(sectorCount);
  /** per sector: the new Western log-ratio before the cap */
  const uncappedWest = new Float64Array(sectorCount);
  /** the sectors whose Western cap binds this year, and their capped ratios (then their logs) */
  const cappedSectors = new Int32Array(sectorCount);
  const cappedLogs = new Float64Array(sectorCount);
  const antithetic = plan.sampling === 'antithetic';
  const O_LOG_MARKET = layout.logMarket;
  const O_LOG_RATIO = layout.logRatio;

  for (let path = start; path < end; path++) {
    const key = pathKeys ? pathKeys[path]! : path;
    // antithetic pairs: keys k and k ^ 1 draw from key k >>> 1, the odd one mirrored — its
    // parameters' uniforms and every year's (SAMPLINGS)
    const pathHash = pathKeyHash(seed, antithetic ? key >>> 1 : key);
    const mirrored = antithetic && (key & 1) === 1;
    const base = state ? path * stride : 0;

    if (fromYear === 0) {
      if (parameterUniforms) {
        const row = path * parameterCount;
        for (let i = 0; i < parameterCount; i++) uniforms[i] = parameterUniforms[row + i]!;
      } else {
        keyedUniformsInto(uniforms, parameterCount, pathHash, STREAM_PARAMETERS, PARAMETER_YEAR_KEY);
        if (mirrored) mirrorInPlace(uniforms, parameterCount);
      }
      startPathInto(rows, base, plan, layout, distributions, uniforms, origin);
    }

    // per-path constants and state, in locals for the year loop
    const logOilLongRun = rows[base + layout.logOilLongRun]!;
    const oilPersistence = rows[base + layout.oilPersistence]!;
    const oilInnovation = rows[base + layout.oilInnovation]!;
    const rubDrift = rows[base + P_RUB_DRIFT]!;
    const rubVolatility = rows[base + P_RUB_VOLATILITY]!;
    const crudeCapacity = rows[base + P_CRUDE_CAPACITY]!;
    const crudeCatchUp = rows[base + P_CRUDE_CATCH_UP]!;
    const otherEnergyElasticity = rows[base + P_OTHER_ENERGY_ELASTICITY]!;
    const nonEnergyGrowth = rows[base + P_NON_ENERGY_GROWTH]!;
    const nonEnergyVolatility = rows[base + P_NON_ENERGY_VOLATILITY]!;
    const otherImportsGrowth = rows[base + P_OTHER_IMPORTS_GROWTH]!;
    const demandVolatility = rows[base + P_DEMAND_VOLATILITY]!;
    const crudeVolatility = rows[base + pCrudeVolatility]!;
    const crudeGrowth = rows[base + pCrudeGrowth]!;
    const importsRoubleElasticity = rows[base + pImportsRouble]!;
    // a path whose crude volume has neither a shock nor a growing ceiling skips their draw and exponentials
    const crudeDynamics = crudeVolatility !== 0 || crudeGrowth !== 0;
    const macroUniforms = crudeDynamics ? MACRO_UNIFORMS : MACRO_UNIFORMS_WITHOUT_CRUDE;
    const exponentialCount = crudeDynamics ? eCrude + 2 : eCrude;
    let logOil = rows[base + layout.logOil]!;
    let logRub = rows[base + layout.logRub]!;
    let crudeVolume = rows[base + layout.crudeVolume]!;
    let logNonEnergy = rows[base + layout.logNonEnergy]!;
    let logOtherImports = rows[base + layout.logOtherImports]!;
    let regime = rows[base + layout.regime]!;
    let jumpExports = rows[base + layout.jumpExports]!;
    let jumpImports = rows[base + layout.jumpImports]!;
    // factors that change only when the regime does
    let logFriction = logFrictionFactor[regime]!;
    let exportsFactor = exp(jumpExports + logFriction);
    let importsJumpFactor = exp(jumpImports);
    // per sector, the price-row class whose targets `targets` holds (the elasticities are this path's)
    targetClass.fill(-1);

    for (let y = fromYear; y < toYear; y++) {
      const cell = (y - fromYear) * paths + path;
      keyedUniformsInto(uniforms, macroUniforms, pathHash, STREAM_MACRO, y);
      if (mirrored) mirrorInPlace(uniforms, macroUniforms);

      // 1. regime: Markov step, with a one-off log jump on entering a new regime
      const u = uniforms[0]!;
      const row = regime * regimeCount;
      let next = 0;
      while (next < regimeCount - 1 && u >= transitionCumulative[row + next]!) next++;
      const observedRegime = observed.regime[y]!;
      if (observedRegime >= 0) next = observedRegime; // what happened, on every path
      if (next !== regime) {
        jumpExports += entryJumpExports[next]!;
        jumpImports += entryJumpImports[next]!;
        regime = next;
        logFriction = logFrictionFactor[regime]!;
        exportsFactor = exp(jumpExports + logFriction);
        importsJumpFactor = exp(jumpImports);
      }

      // 2. correlated shocks ε = L·z over (oil, rouble, demand, exports)
      normalQuantilesInPlace(uniforms, 1, macroUniforms);
      const z0 = uniforms[1]!;
      const z1 = uniforms[2]!;
      const z2 = uniforms[3]!;
      const z3 = uniforms[4]!;
      const pattern = pinPattern[y]!;
      let shockOil: number, shockRub: number, shockDemand: number, shockExports: number;
      if (pattern === 0) {
        shockOil = l00 * z0;
        shockRub = l10 * z0 + l11 * z1;
        shockDemand = l20 * z0 + l21 * z1 + l22 * z2;
        shockExports = l30 * z0 + l31 * z1 + l32 * z2 + l33 * z3;
      } else {
        // an observed oil price or rouble fixes its shock on this path (the one that takes it
        // from this path's state to the observed value); the other shocks are drawn from their
        // distribution given it
        const pinnedOil = pattern & PINNED_OIL && oilInnovation > 0 ? (observedLogOil[y]! - logOilLongRun - (logOil - logOilLongRun) * oilPersistence) / oilInnovation : 0;
        const pinnedRub = pattern & PINNED_ROUBLE && rubVolatility > 0 ? (observedLogRub[y]! - logRub - rubDrift) / rubVolatility : 0;
        const a = pattern * CONDITIONING_STRIDE;
        const b = a + 16;
        const c = shockConditioning;
        shockOil = c[a]! * pinnedOil + c[a + 1]! * pinnedRub + c[b]! * z0 + c[b + 1]! * z1 + c[b + 2]! * z2 + c[b + 3]! * z3;
        shockRub = c[a + 4]! * pinnedOil + c[a + 5]! * pinnedRub + c[b + 4]! * z0 + c[b + 5]! * z1 + c[b + 6]! * z2 + c[b + 7]! * z3;
        shockDemand = c[a + 8]! * pinnedOil + c[a + 9]! * pinnedRub + c[b + 8]! * z0 + c[b + 9]! * z1 + c[b + 10]! * z2 + c[b + 11]! * z3;
        shockExports = c[a + 12]! * pinnedOil + c[a + 13]! * pinnedRub + c[b + 12]! * z0 + c[b + 13]! * z1 + c[b + 14]! * z2 + c[b + 15]! * z3;
      }

      // 3. oil: exact OU step on the log price; 4. rouble (log RUB per CNY): drift plus shock;
      // 5. exports' and imports' log levels — their exponentials come below, with the sectors'
      // (an observed driver takes its observed value exactly)
      logOil = pattern & PINNED_OIL ? observedLogOil[y]! : logOilLongRun + (logOil - logOilLongRun) * oilPersistence + oilInnovation * shockOil;
      const rubChange = pattern & PINNED_ROUBLE ? observedLogRub[y]! - logRub : rubDrift + rubVolatility * shockRub;
      logRub = pattern & PINNED_ROUBLE ? observedLogRub[y]! : logRub + rubChange;
      logNonEnergy += nonEnergyGrowth + nonEnergyVolatility * shockExports;
      const demandShock = demandVolatility * shockDemand;
      logOtherImports += otherImportsGrowth - importsRoubleElasticity * rubChange + demandShock;
      exponentials[E_OIL] = logOil;
      exponentials[E_OTHER_ENERGY] = otherEnergyElasticity * (logOil - logOil0);
      exponentials[E_NON_ENERGY] = logNonEnergy;
      exponentials[E_OTHER_IMPORTS] = logOtherImports + logFriction;
      exponentials[E_RUB] = logRub;
      if (crudeDynamics) {
        exponentials[eCrude + E_CAPACITY_GROWTH] = crudeGrowth * (y + 1);
        exponentials[eCrude + E_CRUDE_SHOCK] = crudeVolatility * uniforms[5]!;
      }

      // 6. sectors' Armington targets ln(s*_j / s*_domestic), Western share capped: a sector's
      // are kept while its price row stays in the class of the last one computed
      const odds = capOdds[regime]!;
      const priceRow = (y * regimeCount + regime) * sectorCount * J;
      const classRow = (y * regimeCount + regime) * sectorCount;
      for (let k = 0; k < sectorCount; k++) {
        const rowClass = priceRowClass[classRow + k]!;
        if (rowClass !== targetClass[k]) {
          armingtonTargetInto(targets, k, rows, base, logPrice, priceRow, logBaseRatio, capTestAbove[regime]!, odds);
          targetClass[k] = rowClass;
        }
      }

      // 7. sectors: demand, partial adjustment of the log-ratios toward the targets (noise on
      // China's), then every exponential of the year at once
      keyedUniformsInto(uniforms, sectorCount, pathHash, STREAM_SECTORS, y);
      if (mirrored) mirrorInPlace(uniforms, sectorCount);
      normalQuantilesInPlace(uniforms, 0, sectorCount);
      for (let k = 0; k < sectorCount; k++) {
        const p = base + G + k * S;
        const m = base + O_LOG_MARKET + k;
        const logMarketK = rows[m]! + rows[p + S_GROWTH]! - rows[p + S_ROUBLE]! * rubChange + demandShock;
        rows[m] = logMarketK;
        const speed = rows[p + S_SPEED]!;
        const r = base + O_LOG_RATIO + k * J;
        const china = rows[r + SUPPLIER_CHINA]!;
        const west = rows[r + SUPPLIER_WEST]!;
        const other = rows[r + SUPPLIER_OTHER]!;
        const shareNoise = rows[p + S_VOLATILITY]! * uniforms[k]!;
        const newChina = china + speed * (targets[3 * k]! - china) + shareNoise;
        const newWest = west + speed * (targets[3 * k + 1]! - west);
        const newOther = other + speed * (targets[3 * k + 2]! - other);
        rows[r + SUPPLIER_CHINA] = newChina;
        rows[r + SUPPLIER_OTHER] = newOther;
        uncappedWest[k] = newWest;
        const e = E_SECTORS + E_PER_SECTOR * k;
        exponentials[e + E_CHINA] = newChina;
        exponentials[e + E_OTHER] = newOther;
        exponentials[e + E_WEST] = newWest;
        exponentials[e + E_MARKET] = logMarketK;
      }
      expInPlace(exponentials, exponentialCount);

      // shares (Western capped), imports
      let sectorImports = 0;
      let capped = 0;
      for (let k = 0; k < sectorCount; k++) {
        const e = E_SECTORS + E_PER_SECTOR * k;
        const chinaRatio = exponentials[e + E_CHINA]!;
        const otherRatio = exponentials[e + E_OTHER]!;
        const uncappedWestRatio = exponentials[e + E_WEST]!;
        const westRatio = cappedWesternRatio(chinaRatio, uncappedWestRatio, otherRatio, odds);
        if (westRatio !== uncappedWestRatio) {
          // the cap binds: the state keeps ln of the capped ratio, taken with the others below
          cappedSectors[capped] = k;
          cappedLogs[capped++] = westRatio;
        } else rows[base + O_LOG_RATIO + k * J + SUPPLIER_WEST] = uncappedWest[k]!;
        const domesticShare = 1 / (1 + chinaRatio + westRatio + otherRatio);
        const chinaShare = chinaRatio * domesticShare;
        const s = FIRST_SHARE_SERIES + k * J;
        values[s + SUPPLIER_CHINA]![cell] = chinaShare;
        values[s + SUPPLIER_WEST]![cell] = westRatio * domesticShare;
        values[s + SUPPLIER_DOMESTIC]![cell] = domesticShare;
        values[s + SUPPLIER_OTHER]![cell] = otherRatio * domesticShare;
        sectorImports += exponentials[e + E_MARKET]! * chinaShare * importContent[y * sectorCount + k]!;
      }
      if (capped > 0) {
        logInPlace(cappedLogs, capped);
        for (let c = 0; c < capped; c++) rows[base + O_LOG_RATIO + cappedSectors[c]! * J + SUPPLIER_WEST] = cappedLogs[c]!;
      }

      // crude volume: toward its ceiling (growing at crudeGrowth a year from the origin), times its shock
      const observedCrude = observed.crudeVolume[y]!;
      if (observedCrude === observedCrude) crudeVolume = observedCrude;
      else if (crudeDynamics) {
        const capacity = crudeCapacity * exponentials[eCrude + E_CAPACITY_GROWTH]!;
        crudeVolume = (crudeVolume + crudeCatchUp * (capacity - crudeVolume)) * exponentials[eCrude + E_CRUDE_SHOCK]!;
      } else crudeVolume = crudeVolume + crudeCatchUp * (crudeCapacity - crudeVolume);

      const oilPrice = pattern & PINNED_OIL ? observed.oilPrice[y]! : exponentials[E_OIL]!;
      const crudeValue = crudeVolume * crudeValuePerMtPerDollar * oilPrice;
      const otherEnergy = otherEnergy0 * exponentials[E_OTHER_ENERGY]!;
      const exportsValue = (crudeValue + otherEnergy + exponentials[E_NON_ENERGY]!) * exportsFactor;
      const importsValue = (sectorImports + exponentials[E_OTHER_IMPORTS]!) * importsJumpFactor;

      turnoverOut[cell] = exportsValue + importsValue;
      exportsOut[cell] = exportsValue;
      importsOut[cell] = importsValue;
      oilOut[cell] = oilPrice;
      rubOut[cell] = pattern & PINNED_ROUBLE ? observed.rubPerCny[y]! : exponentials[E_RUB]!;
      regimeOut[cell] = regime;
    }

    rows[base + layout.logOil] = logOil;
    rows[base + layout.logRub] = logRub;
    rows[base + layout.crudeVolume] = crudeVolume;
    rows[base + layout.logNonEnergy] = logNonEnergy;
    rows[base + layout.logOtherImports] = logOtherImports;
    rows[base + layout.regime] = regime;
    rows[base + layout.jumpExports] = jumpExports;
    rows[base + layout.jumpImports] = jumpImports;
  }
}

/** Mt × $/bbl → US$ bn */
export const CRUDE_VALUE_PER_MT_PER_DOLLAR = BARRELS_PER_TONNE / 1000;

/** What the loop computes once per call from the plan alone (the WebAssembly kernel is given the same numbers). */
export interface LoopConstants {
  /** per year: which of oil and the rouble an observation pins (PINNED_* bits) */
  readonly pinPattern: Int32Array;
  /** per year: ln of the observed oil price and rouble (NaN where none) */
  readonly observedLogOil: Float64Array;
  readonly observedLogRub: Float64Array;
  /** per regime: the Western cap as odds cap/(1 − cap), and ln of it less CAP_TEST_MARGIN */
  readonly capOdds: Float64Array;
  readonly capTestAbove: Float64Array;
  /** see priceRowClasses */
  readonly priceRowClass: Int32Array;
  /** see originStateOf */
  readonly origin: Float64Array;
}

export function loopConstantsOf(plan: ModelPlan): LoopConstants {
  const yearCount = plan.years.length;
  const regimeCount = plan.regimeNames.length;
  const { observed } = plan;
  const pinPattern = new Int32Array(yearCount);
  const observedLogOil = new Float64Array(yearCount);
  const observedLogRub = new Float64Array(yearCount);
  for (let y = 0; y < yearCount; y++) {
    const oil = observed.oilPrice[y]!;
    const rub = observed.rubPerCny[y]!;
    pinPattern[y] = (oil === oil ? PINNED_OIL : 0) | (rub === rub ? PINNED_ROUBLE : 0);
    observedLogOil[y] = oil === oil ? log(oil) : NaN;
    observedLogRub[y] = rub === rub ? log(rub) : NaN;
  }
  const capOdds = new Float64Array(regimeCount);
  const capTestAbove = new Float64Array(regimeCount);
  for (let r = 0; r < regimeCount; r++) {
    const cap = plan.westernCap[r]!;
    capOdds[r] = cap >= 1 ? Infinity : cap / (1 - cap);
    capTestAbove[r] = log(capOdds[r]!) - CAP_TEST_MARGIN;
  }
  const priceRowClass = priceRowClasses(plan.logPrice, yearCount, regimeCount, plan.sectorNames.length);
  return { pinPattern, observedLogOil, observedLogRub, capOdds, capTestAbove, priceRowClass, origin: originStateOf(plan) };
}

/** The call's years [fromYear, toYear), checked against the plan, the output and the state (a RangeError when they do not fit). */
export function checkYears(plan: ModelPlan, output: SimulationOutput, options: SimulateOptions): { readonly fromYear: number; readonly toYear: number } {
  const yearCount = plan.years.length;
  const fromYear = options.fromYear ?? 0;
  const toYear = options.toYear ?? yearCount;
  if (!(fromYear >= 0 && fromYear < toYear && toYear <= yearCount) || output.yearCount !== toYear - fromYear) {
    throw new RangeError(`simulatePathsInto: years [${fromYear}, ${toYear}) do not fit ${yearCount} projected years and an output of ${output.yearCount}`);
  }
  if (fromYear > 0 && !options.state) throw new RangeError('simulatePathsInto: resuming at a later year needs the paths’ state');
  return { fromYear, toYear };
}

/**
 * Writes sector k's Armington target log-ratios ln(s*_j / s*_domestic) for the price row at
 * `priceRow` into `targets[3k …]` (china, west, other), the Western one capped so its share
 * stays within the regime's availability cap (odds `capOdds`). Below `capTestAbove` the cap
 * cannot bind and is not tested (CAP_TEST_MARGIN).
 */
function armingtonTargetInto(
  targets: Float64Array,
  k: number,
  rows: Float64Array,
  base: number,
  logPrice: Float64Array,
  priceRow: number,
  logBaseRatio: Float64Array,
  capTestAbove: number,
  capOdds: number,
): void {
  const oneMinusElasticity = 1 - rows[base + G + k * S + S_ELASTICITY]!;
  const b = k * J;
  const priceBase = priceRow + b;
  const logPriceDomestic = logPrice[priceBase + SUPPLIER_DOMESTIC]!;
  const targetChina = logBaseRatio[b + SUPPLIER_CHINA]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_CHINA]! - logPriceDomestic);
  let targetWest = logBaseRatio[b + SUPPLIER_WEST]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_WEST]! - logPriceDomestic);
  const targetOther = logBaseRatio[b + SUPPLIER_OTHER]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_OTHER]! - logPriceDomestic);
  if (!(targetWest < capTestAbove)) targetWest = cappedTargetWest(targetChina, targetWest, targetOther, capOdds);
  targets[3 * k] = targetChina;
  targets[3 * k + 1] = targetWest;
  targets[3 * k + 2] = targetOther;
}

/** The target Western log-ratio, capped (its ln recomputed) when the Western share would exceed the cap. */
function cappedTargetWest(targetChina: number, targetWest: number, targetOther: number, capOdds: number): number {
  const targetWestRatio = exp(targetWest);
  const cappedTarget = cappedWesternRatio(exp(targetChina), targetWestRatio, exp(targetOther), capOdds);
  return cappedTarget !== targetWestRatio ? log(cappedTarget) : targetWest;
}

/**
 * A class id for every (year, regime, sector), at index (y·R + r)·K + k: a row whose prices for
 * that sector are the same numbers as the year before's in the same regime (same cap) joins
 * that row's class. Rows of one class give the same Armington targets for any elasticity, so a
 * path keeps a sector's targets while its row stays in the class — every year the regime holds
 * for a sector without a year schedule. Linear in the plan's size.
 */
function priceRowClasses(logPrice: Float64Array, yearCount: number, regimeCount: number, sectorCount: number): Int32Array {
  const classes = new Int32Array(yearCount * regimeCount * sectorCount);
  for (let y = 0; y < yearCount; y++) {
    for (let r = 0; r < regimeCount; r++) {
      for (let k = 0; k < sectorCount; k++) {
        const at = (y * regimeCount + r) * sectorCount + k;
        const before = at - regimeCount * sectorCount; // the same regime and sector, a year earlier
        let same = y > 0;
        for (let j = 0; j < J && same; j++) same = Object.is(logPrice[at * J + j], logPrice[before * J + j]);
        classes[at] = same ? classes[before]! : at;
      }
    }
  }
  return classes;
}

/**
 * Replaces values[0 … count) by 1 − value: exact for every uniform of the generator ((k + 0.5)·2^−32
 * has at most 33 significant bits), and normalQuantile(1 − u) is exactly −normalQuantile(u).
 */
function mirrorInPlace(values: Float64Array, count: number): void {
  for (let i = 0; i < count; i++) values[i] = 1 - values[i]!;
}

/** Replaces values[from … to) by their standard normal quantiles (one call for a year's draws). */
function normalQuantilesInPlace(values: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) values[i] = normalQuantile(values[i]!);
}

/** Replaces values[0 … count) by their natural logarithms. */
function logInPlace(values: Float64Array, count: number): void {
  for (let i = 0; i < count; i++) values[i] = log(values[i]!);
}

/** Replaces values[0 … count) by their exponentials (one call for a year's exponentials). */
function expInPlace(values: Float64Array, count: number): void {
  for (let i = 0; i < count; i++) values[i] = exp(values[i]!);
}

const ORIGIN_LOG_OIL = 0;
const ORIGIN_LOG_RUB = 1;
const ORIGIN_LOG_NON_ENERGY = 2;
const ORIGIN_LOG_OTHER_IMPORTS = 3;
const ORIGIN_LOG_MARKET = 4;

/** The logs every path starts from (the same for all of a plan's paths): oil, rouble, non-energy exports, other imports, then each sector's market. */
function originStateOf(plan: ModelPlan): Float64Array {
  const { initial } = plan;
  const origin = new Float64Array(ORIGIN_LOG_MARKET + plan.sectorNames.length);
  origin[ORIGIN_LOG_OIL] = log(initial.oilPrice);
  origin[ORIGIN_LOG_RUB] = log(initial.rubPerCny);
  origin[ORIGIN_LOG_NON_ENERGY] = log(initial.nonEnergyExports);
  origin[ORIGIN_LOG_OTHER_IMPORTS] = log(initial.otherImports);
  for (let k = 0; k < plan.sectorNames.length; k++) origin[ORIGIN_LOG_MARKET + k] = log(plan.initialMarket[k]!);
  return origin;
}

/**
 * Draws one path's parameters from `uniforms` (one each, through `quantileOf`), computes its
 * per-path constants and puts it at the origin (`origin`, from `originStateOf`), in its state
 * row at `base`.
 */
function startPathInto(rows: Float64Array, base: number, plan: ModelPlan, layout: PathStateLayout, distributions: CompiledDistributions, uniforms: Float64Array, origin: Float64Array): void {
  const count = distributions.kinds.length;
  for (let i = 0; i < count; i++) rows[base + layout.parameters + i] = quantileOf(distributions, i, uniforms[i]!);
  const meanReversion = rows[base + P_OIL_REVERSION]!;
  rows[base + layout.logOilLongRun] = log(rows[base + P_OIL_LONG_RUN]!);
  rows[base + layout.oilPersistence] = ornsteinUhlenbeckPersistence(meanReversion);
  rows[base + layout.oilInnovation] = ornsteinUhlenbeckInnovationScale(meanReversion, rows[base + P_OIL_VOLATILITY]!);
  rows[base + layout.logOil] = origin[ORIGIN_LOG_OIL]!;
  rows[base + layout.logRub] = origin[ORIGIN_LOG_RUB]!;
  rows[base + layout.crudeVolume] = plan.initial.crudeVolume;
  rows[base + layout.logNonEnergy] = origin[ORIGIN_LOG_NON_ENERGY]!;
  rows[base + layout.logOtherImports] = origin[ORIGIN_LOG_OTHER_IMPORTS]!;
  rows[base + layout.regime] = plan.initialRegime;
  rows[base + layout.jumpExports] = 0;
  rows[base + layout.jumpImports] = 0;
  for (let k = 0; k < plan.sectorNames.length; k++) {
    rows[base + layout.logMarket + k] = origin[ORIGIN_LOG_MARKET + k]!;
    for (let j = 0; j < J; j++) rows[base + layout.logRatio + k * J + j] = plan.initialLogRatio[k * J + j]!;
  }
}
