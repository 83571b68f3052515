import { BARRELS_PER_TONNE } from '../src/core/defaults.js';
import {
  GLOBAL_PARAMETERS,
  SECTOR_PARAMETERS,
  SUPPLIER_CHINA,
  SUPPLIER_COUNT,
  SUPPLIER_DOMESTIC,
  SUPPLIER_OTHER,
  SUPPLIER_WEST,
  globalParameterIndex,
  laterParameterIndex,
  type ModelPlan,
} from '../src/core/modelPlan.js';
import { ornsteinUhlenbeckInnovationScale, ornsteinUhlenbeckPersistence } from '../src/core/ornsteinUhlenbeck.js';
import { createQuantileFunction, type QuantileFunction } from '../src/core/quantileFunction.js';
import { pathStateLayout, type PathStateLayout, type PathStates } from '../src/core/pathStates.js';
import { PARAMETER_YEAR_KEY, STREAM_MACRO, STREAM_PARAMETERS, STREAM_SECTORS, keyedUniformsInto, pathKeyHash } from '../src/core/random.js';
import { FIRST_SHARE_SERIES, SERIES_EXPORTS, SERIES_IMPORTS, SERIES_OIL_PRICE, SERIES_RUB_PER_CNY, SERIES_TURNOVER, type SimulationOutput } from '../src/core/simulationOutput.js';
import { cappedWesternRatio } from '../src/core/westernCap.js';
import { exp } from '../src/core/exp.js';
import { log } from '../src/core/log.js';

/** The engine's options, as `simulatePathsInto` takes them. */
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
/** Uniforms per path and year in the macro stream: the regime step, then the four shocks. */
const MACRO_UNIFORMS = 5;
/**
 * Below ln(capOdds) by this much, a target Western log-ratio cannot reach the cap: e^l ≤
 * capOdds·(1 − 1e-9)(1 + 2^−52) < capOdds ≤ capOdds·(1 + e^{l_c} + e^{l_o}), whatever the
 * rounding. The engine then skips the cap test and its three exponentials; the result is the
 * same bits as testing.
 */
const CAP_TEST_MARGIN = 1e-9;

/**
 * The engine as it stood before its bit-identical speed-ups (normal quantile's central region
 * inlined, exponentials batched, the Armington target's cap test cached, per-path parameter
 * draws without closures), frozen here so the benchmark can time both in one run and a test
 * can hold the tuned engine to the same bits. Not used by the product.
 *
 * Simulates paths [start, end) of the model and writes them into `output`.
 *
 * Per path: draw its parameters, then step year by year — regime (Markov), correlated shocks
 * (ε = L·z), oil (exact OU on the log price), rouble, exports, sector demand, Armington target
 * shares and partial adjustment in log-ratio space, imports, turnover. State lives in locals
 * and one row of numbers per path; nothing is allocated per path or year. Per-path constants
 * are computed once per path, the generator runs on locals (`keyedUniformsInto`), and every
 * exponential whose argument has not changed since the last year is reused.
 * Each path's random numbers are keyed by (seed, path key, stream, year), so any split of the
 * paths or years between calls or threads gives the same numbers.
 */
export function simulatePathsBeforeTuning(plan: ModelPlan, output: SimulationOutput, options: SimulateOptions): void {
  const { seed, start, end, parameterUniforms, pathKeys, state } = options;
  const yearCount = plan.years.length;
  const fromYear = options.fromYear ?? 0;
  const toYear = options.toYear ?? yearCount;
  if (!(fromYear >= 0 && fromYear < toYear && toYear <= yearCount) || output.yearCount !== toYear - fromYear) {
    throw new RangeError(`simulatePathsInto: years [${fromYear}, ${toYear}) do not fit ${yearCount} projected years and an output of ${output.yearCount}`);
  }
  if (fromYear > 0 && !state) throw new RangeError('simulatePathsInto: resuming at a later year needs the paths’ state');
  const paths = output.paths;
  const sectorCount = plan.sectorNames.length;
  const regimeCount = plan.regimeNames.length;
  const parameterCount = plan.parameters.length;
  const quantiles = plan.parameters.map((slot) => createQuantileFunction(slot.distribution));
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

  const { transitionCumulative, logFrictionFactor, entryJumpExports, entryJumpImports, logPrice, logBaseRatio, importContent, initial } = plan;
  const capOdds = new Float64Array(regimeCount);
  const capTestAbove = new Float64Array(regimeCount);
  for (let r = 0; r < regimeCount; r++) {
    const cap = plan.westernCap[r]!;
    capOdds[r] = cap >= 1 ? Infinity : cap / (1 - cap);
    capTestAbove[r] = log(capOdds[r]!) - CAP_TEST_MARGIN;
  }
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

  const logOil0 = log(initial.oilPrice);
  const otherEnergy0 = initial.otherEnergyExports;
  const crudeValuePerMtPerDollar = BARRELS_PER_TONNE / 1000; // Mt × $/bbl → US$ bn

  const uniforms = new Float64Array(Math.max(parameterCount, MACRO_UNIFORMS, sectorCount));
  const O_LOG_MARKET = layout.logMarket;
  const O_LOG_RATIO = layout.logRatio;

  for (let path = start; path < end; path++) {
    const key = pathKeys ? pathKeys[path]! : path;
    const pathHash = pathKeyHash(seed, key);
    const base = state ? path * stride : 0;

    if (fromYear === 0) {
      if (parameterUniforms) {
        const row = path * parameterCount;
        for (let i = 0; i < parameterCount; i++) uniforms[i] = parameterUniforms[row + i]!;
      } else {
        keyedUniformsInto(uniforms, parameterCount, pathHash, STREAM_PARAMETERS, PARAMETER_YEAR_KEY);
      }
      startPathInto(rows, base, plan, layout, quantiles, uniforms);
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
    const crudeVolatility = rows[base + laterParameterIndex('exports.crudeVolatility', sectorCount)]!;
    const crudeGrowth = rows[base + laterParameterIndex('exports.crudeCapacityGrowth', sectorCount)]!;
    const importsRoubleElasticity = rows[base + laterParameterIndex('imports.roubleElasticity', sectorCount)]!;
    const crudeDynamics = crudeVolatility !== 0 || crudeGrowth !== 0;
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

    for (let y = fromYear; y < toYear; y++) {
      const cell = (y - fromYear) * paths + path;
      keyedUniformsInto(uniforms, crudeDynamics ? MACRO_UNIFORMS + 1 : MACRO_UNIFORMS, pathHash, STREAM_MACRO, y);

      // 1. regime: Markov step, with a one-off log jump on entering a new regime
      const u = uniforms[0]!;
      const row = regime * regimeCount;
      let next = 0;
      while (next < regimeCount - 1 && u >= transitionCumulative[row + next]!) next++;
      if (next !== regime) {
        jumpExports += entryJumpExports[next]!;
        jumpImports += entryJumpImports[next]!;
        regime = next;
        logFriction = logFrictionFactor[regime]!;
        exportsFactor = exp(jumpExports + logFriction);
        importsJumpFactor = exp(jumpImports);
      }

      // 2. correlated shocks ε = L·z over (oil, rouble, demand, exports)
      const z0 = normalQuantile(uniforms[1]!);
      const z1 = normalQuantile(uniforms[2]!);
      const z2 = normalQuantile(uniforms[3]!);
      const z3 = normalQuantile(uniforms[4]!);
      const shockOil = l00 * z0;
      const shockRub = l10 * z0 + l11 * z1;
      const shockDemand = l20 * z0 + l21 * z1 + l22 * z2;
      const shockExports = l30 * z0 + l31 * z1 + l32 * z2 + l33 * z3;

      // 3. oil: exact OU step on the log price
      logOil = logOilLongRun + (logOil - logOilLongRun) * oilPersistence + oilInnovation * shockOil;
      const oilPrice = exp(logOil);

      // 4. rouble (log RUB per CNY): drift plus shock
      const rubChange = rubDrift + rubVolatility * shockRub;
      logRub += rubChange;

      // 5. exports: crude volume toward capacity × price, other energy tied to oil, non-energy drift
      if (crudeDynamics) {
        const capacity = crudeCapacity * exp(crudeGrowth * (y + 1));
        crudeVolume = (crudeVolume + crudeCatchUp * (capacity - crudeVolume)) * exp(crudeVolatility * normalQuantile(uniforms[5]!));
      } else crudeVolume += crudeCatchUp * (crudeCapacity - crudeVolume);
      const crudeValue = crudeVolume * crudeValuePerMtPerDollar * oilPrice;
      const otherEnergy = otherEnergy0 * exp(otherEnergyElasticity * (logOil - logOil0));
      logNonEnergy += nonEnergyGrowth + nonEnergyVolatility * shockExports;
      const exportsValue = (crudeValue + otherEnergy + exp(logNonEnergy)) * exportsFactor;

      // 6–7. sectors: demand, Armington target, partial adjustment of log-ratios, imports
      keyedUniformsInto(uniforms, sectorCount, pathHash, STREAM_SECTORS, y);
      const demandShock = demandVolatility * shockDemand;
      const odds = capOdds[regime]!;
      const capTestAboveLogRatio = capTestAbove[regime]!;
      const priceRow = (y * regimeCount + regime) * sectorCount * J;
      let sectorImports = 0;
      for (let k = 0; k < sectorCount; k++) {
        const p = base + G + k * S;
        const m = base + O_LOG_MARKET + k;
        const logMarketK = rows[m]! + rows[p + S_GROWTH]! - rows[p + S_ROUBLE]! * rubChange + demandShock;
        rows[m] = logMarketK;
        const oneMinusElasticity = 1 - rows[p + S_ELASTICITY]!;
        const speed = rows[p + S_SPEED]!;
        const b = k * J;
        const priceBase = priceRow + b;
        const logPriceDomestic = logPrice[priceBase + SUPPLIER_DOMESTIC]!;

        // target log-ratios ln(s*_j / s*_domestic), Western share capped
        const targetChina = logBaseRatio[b + SUPPLIER_CHINA]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_CHINA]! - logPriceDomestic);
        let targetWest = logBaseRatio[b + SUPPLIER_WEST]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_WEST]! - logPriceDomestic);
        const targetOther = logBaseRatio[b + SUPPLIER_OTHER]! + oneMinusElasticity * (logPrice[priceBase + SUPPLIER_OTHER]! - logPriceDomestic);
        if (!(targetWest < capTestAboveLogRatio)) {
          const targetWestRatio = exp(targetWest);
          const cappedTarget = cappedWesternRatio(exp(targetChina), targetWestRatio, exp(targetOther), odds);
          if (cappedTarget !== targetWestRatio) targetWest = log(cappedTarget);
        }

        // partial adjustment toward the target; noise on China's ratio
        const r = base + O_LOG_RATIO + b;
        const china = rows[r + SUPPLIER_CHINA]!;
        const west = rows[r + SUPPLIER_WEST]!;
        const other = rows[r + SUPPLIER_OTHER]!;
        const shareNoise = rows[p + S_VOLATILITY]! * normalQuantile(uniforms[k]!);
        const newChina = china + speed * (targetChina - china) + shareNoise;
        let newWest = west + speed * (targetWest - west);
        const newOther = other + speed * (targetOther - other);
        const chinaRatio = exp(newChina);
        const otherRatio = exp(newOther);
        const uncappedWestRatio = exp(newWest);
        const westRatio = cappedWesternRatio(chinaRatio, uncappedWestRatio, otherRatio, odds);
        if (westRatio !== uncappedWestRatio) newWest = log(westRatio);
        rows[r + SUPPLIER_CHINA] = newChina;
        rows[r + SUPPLIER_WEST] = newWest;
        rows[r + SUPPLIER_OTHER] = newOther;

        const domesticShare = 1 / (1 + chinaRatio + westRatio + otherRatio);
        const chinaShare = chinaRatio * domesticShare;
        const s = FIRST_SHARE_SERIES + b;
        values[s + SUPPLIER_CHINA]![cell] = chinaShare;
        values[s + SUPPLIER_WEST]![cell] = westRatio * domesticShare;
        values[s + SUPPLIER_DOMESTIC]![cell] = domesticShare;
        values[s + SUPPLIER_OTHER]![cell] = otherRatio * domesticShare;
        sectorImports += exp(logMarketK) * chinaShare * importContent[y * sectorCount + k]!;
      }
      logOtherImports += otherImportsGrowth - importsRoubleElasticity * rubChange + demandShock;
      const importsValue = (sectorImports + exp(logOtherImports + logFriction)) * importsJumpFactor;

      turnoverOut[cell] = exportsValue + importsValue;
      exportsOut[cell] = exportsValue;
      importsOut[cell] = importsValue;
      oilOut[cell] = oilPrice;
      rubOut[cell] = exp(logRub);
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

/**
 * Draws one path's parameters from `uniforms` (one each, by the quantile functions), computes
 * its per-path constants and puts it at the origin, in its state row at `base`. Kept out of
 * the year loop's function: the calls through the quantile functions differ by slot, and
 * V8 would otherwise recompile the whole loop around them.
 */
function startPathInto(rows: Float64Array, base: number, plan: ModelPlan, layout: PathStateLayout, quantiles: readonly QuantileFunction[], uniforms: Float64Array): void {
  for (let i = 0; i < quantiles.length; i++) rows[base + layout.parameters + i] = quantiles[i]!(uniforms[i]!);
  const meanReversion = rows[base + P_OIL_REVERSION]!;
  rows[base + layout.logOilLongRun] = log(rows[base + P_OIL_LONG_RUN]!);
  rows[base + layout.oilPersistence] = ornsteinUhlenbeckPersistence(meanReversion);
  rows[base + layout.oilInnovation] = ornsteinUhlenbeckInnovationScale(meanReversion, rows[base + P_OIL_VOLATILITY]!);
  const { initial } = plan;
  rows[base + layout.logOil] = log(initial.oilPrice);
  rows[base + layout.logRub] = log(initial.rubPerCny);
  rows[base + layout.crudeVolume] = initial.crudeVolume;
  rows[base + layout.logNonEnergy] = log(initial.nonEnergyExports);
  rows[base + layout.logOtherImports] = log(initial.otherImports);
  rows[base + layout.regime] = plan.initialRegime;
  rows[base + layout.jumpExports] = 0;
  rows[base + layout.jumpImports] = 0;
  for (let k = 0; k < plan.sectorNames.length; k++) {
    rows[base + layout.logMarket + k] = log(plan.initialMarket[k]!);
    for (let j = 0; j < J; j++) rows[base + layout.logRatio + k * J + j] = plan.initialLogRatio[k * J + j]!;
  }
}

/** AS 241 (Wichura 1988) in one function, as the engine called it before its central region was split off to be inlined. */
function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  if (!(r > 0)) return q < 0 ? -Infinity : Infinity;
  r = Math.sqrt(-log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.2426609473880784386e-3) * r + 2.6532189526576123093e-2) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 1.4875361290850614852e-2) * r + 0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}
