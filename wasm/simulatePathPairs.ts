// The path loop two paths at a time, one in each lane of 128-bit SIMD values: simulatePaths.ts
// (and so src/core/simulatePaths.ts) with every f64 operation applied lane by lane, which IEEE
// arithmetic makes the same bits as the scalar loop's. Where the two paths take different
// branches — a regime change, a sector's Armington targets to recompute, a capped Western
// share, a normal draw in AS 241's tail, a value off exp's common path — each lane takes its
// own branch with the scalar functions; where the branches are pure arithmetic (a triangular
// draw's two sides, an observed driver's pinned shock, a crude volume with or without a shock)
// both are computed and each lane keeps its own (v128.bitselect). A pair's state is kept
// interleaved (each field's two values side by side) in scratch space while it runs.
import { expPair, expPairsInPlace, normalQuantilePair, normalQuantilePairsInPlace } from './batches';
import { exp } from './exp';
import { expm1 } from './expm1';
import { log } from './log';
import {
  CHINA,
  CONDITIONING_STRIDE,
  DOMESTIC,
  E_CHINA,
  E_MARKET,
  E_NON_ENERGY,
  E_OIL,
  E_OTHER,
  E_OTHER_ENERGY,
  E_OTHER_IMPORTS,
  E_PER_SECTOR,
  E_RUB,
  E_SECTORS,
  E_WEST,
  FIRST_SHARE_SERIES,
  G,
  J,
  L_CRUDE_VOLUME,
  L_JUMP_EXPORTS,
  L_JUMP_IMPORTS,
  L_LOG_MARKET,
  L_LOG_NON_ENERGY,
  L_LOG_OIL,
  L_LOG_OIL_LONG_RUN,
  L_LOG_OTHER_IMPORTS,
  L_LOG_RUB,
  L_OIL_INNOVATION,
  L_OIL_PERSISTENCE,
  L_REGIME,
  MACRO_UNIFORMS,
  MACRO_UNIFORMS_WITHOUT_CRUDE,
  ORIGIN_LOG_MARKET,
  ORIGIN_LOG_NON_ENERGY,
  ORIGIN_LOG_OIL,
  ORIGIN_LOG_OTHER_IMPORTS,
  ORIGIN_LOG_RUB,
  OTHER,
  P_CRUDE_CAPACITY,
  P_CRUDE_CATCH_UP,
  P_DEMAND_VOLATILITY,
  P_NON_ENERGY_GROWTH,
  P_NON_ENERGY_VOLATILITY,
  P_OIL_LONG_RUN,
  P_OIL_REVERSION,
  P_OIL_VOLATILITY,
  P_OTHER_ENERGY_ELASTICITY,
  P_OTHER_IMPORTS_GROWTH,
  P_RUB_DRIFT,
  P_RUB_VOLATILITY,
  PARAMETER_YEAR_KEY,
  PINNED_OIL,
  PINNED_ROUBLE,
  S,
  S_ELASTICITY,
  S_GROWTH,
  S_ROUBLE,
  S_SPEED,
  S_VOLATILITY,
  SERIES_EXPORTS,
  SERIES_IMPORTS,
  SERIES_OIL_PRICE,
  SERIES_RUB_PER_CNY,
  SERIES_TURNOVER,
  STREAM_MACRO,
  STREAM_PARAMETERS,
  STREAM_SECTORS,
  WEST,
} from './modelIndices';
import {
  field,
  I_ANTITHETIC,
  I_CAP_ODDS,
  I_CAP_TEST_ABOVE,
  I_CORRELATION,
  I_DIST_KINDS,
  I_DIST_NUMBERS,
  I_ENTRY_JUMP_EXPORTS,
  I_ENTRY_JUMP_IMPORTS,
  I_IMPORT_CONTENT,
  I_INITIAL_LOG_RATIO,
  I_INITIAL_REGIME,
  I_LOG_BASE_RATIO,
  I_LOG_FRICTION,
  I_LOG_PRICE,
  I_OBSERVED_CRUDE,
  I_OBSERVED_LOG_OIL,
  I_OBSERVED_LOG_RUB,
  I_OBSERVED_OIL,
  I_OBSERVED_REGIME,
  I_OBSERVED_RUB,
  I_ORIGIN,
  I_PARAMETERS,
  I_PIN_PATTERN,
  I_PRICE_ROW_CLASS,
  I_REGIMES,
  I_SECTORS,
  I_SHOCK_CONDITIONING,
  I_STRIDE,
  I_TRANSITION_CUMULATIVE,
  R_CRUDE_VALUE_PER_MT_PER_DOLLAR,
  R_CRUDE_VOLUME_0,
  R_OTHER_ENERGY_0,
  realField,
} from './planLayout';
import { FIXED, LOGNORMAL, NORMAL, NUMBERS, quantileOf, TRIANGULAR, TRUNCATED_NORMAL, TRUNCATED_NORMAL_UPPER_TAIL, UNIFORM } from './quantileOf';
import { keyedUniformPairsOfYear, keyedUniformsIntoLane, pathKeyHash } from './random';

// @ts-ignore: decorator
@inline function f(at: usize, i: i32): f64 {
  return load<f64>(at + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function n(at: usize, i: i32): i32 {
  return load<i32>(at + (<usize>i << 2));
}
/** The pair (two doubles, one per lane) at index i of an interleaved array. */
// @ts-ignore: decorator
@inline function pv(at: usize, i: i32): v128 {
  return v128.load(at + (<usize>i << 4));
}
// @ts-ignore: decorator
@inline function setPv(at: usize, i: i32, value: v128): void {
  v128.store(at + (<usize>i << 4), value);
}
/** One lane of the pair at index i. */
// @ts-ignore: decorator
@inline function laneOf(at: usize, i: i32, lane: i32): f64 {
  return load<f64>(at + (<usize>i << 4) + (<usize>lane << 3));
}
// @ts-ignore: decorator
@inline function setLane(at: usize, i: i32, lane: i32, value: f64): void {
  store<f64>(at + (<usize>i << 4) + (<usize>lane << 3), value);
}
// @ts-ignore: decorator
@inline function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}
// @ts-ignore: decorator
@inline function first(v: v128): f64 {
  return f64x2.extract_lane(v, 0);
}
// @ts-ignore: decorator
@inline function second(v: v128): f64 {
  return f64x2.extract_lane(v, 1);
}
/** An all-ones lane where `a` (resp. `b`) is true: a mask for v128.bitselect. */
// @ts-ignore: decorator
@inline function laneMask(a: bool, b: bool): v128 {
  return i64x2.replace_lane(i64x2.splat(a ? -1 : 0), 1, b ? -1 : 0);
}
/** value < min ? min : value > max ? max : value, lane by lane (quantileOf's clamp). */
// @ts-ignore: decorator
@inline function clampPair(value: v128, min: v128, max: v128): v128 {
  return v128.bitselect(min, v128.bitselect(max, value, f64x2.gt(value, max)), f64x2.lt(value, min));
}

// the pair scratch arrays, in order: uniforms, exponentials, targets, target classes, uncapped
// Western log-ratios (pairs), the sectors' uniforms of a year, then the pair's state row
const PAIR_UNIFORMS = 0;
const PAIR_EXPONENTIALS = 1;
const PAIR_TARGETS = 2;
const PAIR_TARGET_CLASS = 3;
const PAIR_UNCAPPED_WEST = 4;
const PAIR_SECTOR_UNIFORMS = 5;
const PAIR_ROW = 6;
const PAIR_END = 7;

/** Bytes of pair scratch array `which` (16-byte pairs; the target classes are two i32 a sector). */
function pairScratchSize(sectors: i32, parameters: i32, which: i32): i32 {
  switch (which) {
    case PAIR_UNIFORMS:
      return max<i32>(max<i32>(parameters, MACRO_UNIFORMS), sectors) * 16;
    case PAIR_EXPONENTIALS:
      return (E_SECTORS + E_PER_SECTOR * sectors + 2) * 16;
    case PAIR_TARGETS:
      return 3 * sectors * 16;
    case PAIR_TARGET_CLASS:
      return sectors * 8;
    case PAIR_UNCAPPED_WEST:
    case PAIR_SECTOR_UNIFORMS:
      return sectors * 16;
    default:
      return (parameters + L_LOG_MARKET + sectors + sectors * J) * 16;
  }
}

/** The byte offset of pair scratch array `which` from the pair scratch space's start (16-byte aligned). */
export function pairScratchOffset(sectors: i32, parameters: i32, which: i32): i32 {
  let at = 0;
  for (let i = 0; i < which; i++) at += (pairScratchSize(sectors, parameters, i) + 15) & ~15;
  return at;
}

/** Bytes of pair scratch space for a plan with `sectors` sectors and `parameters` parameters. */
export function pairScratchBytes(sectors: i32, parameters: i32): i32 {
  return pairScratchOffset(sectors, parameters, PAIR_END);
}

/**
 * Simulates paths [start, end) — an even number of them, two at a time — as `simulatePaths`
 * would one by one, with the same output layout: series s, year y, path p at out +
 * 8·((s·(toYear − fromYear) + y − fromYear)·chunkPaths + p − chunkStart), and the same meaning of
 * `rows` (from path chunkStart), `parameterUniforms` and `pathKeys`. `pairScratch` is
 * pairScratchBytes of 16-byte-aligned space.
 */
export function simulatePathPairs(
  plan: usize,
  seed: u32,
  chunkStart: i32,
  chunkPaths: i32,
  start: i32,
  end: i32,
  fromYear: i32,
  toYear: i32,
  out: usize,
  regimeOut: usize,
  rows: usize,
  rowPerPath: bool,
  parameterUniforms: usize,
  pathKeys: usize,
  pairScratch: usize,
): void {
  const sectorCount = <i32>field(plan, I_SECTORS);
  const regimeCount = <i32>field(plan, I_REGIMES);
  const parameterCount = <i32>field(plan, I_PARAMETERS);
  const stride = <i32>field(plan, I_STRIDE);
  const antithetic = field(plan, I_ANTITHETIC) != 0;
  const callYears = toYear - fromYear;
  const seriesStride = callYears * chunkPaths;

  const transitionCumulative = field(plan, I_TRANSITION_CUMULATIVE);
  const logFrictionFactor = field(plan, I_LOG_FRICTION);
  const entryJumpExports = field(plan, I_ENTRY_JUMP_EXPORTS);
  const entryJumpImports = field(plan, I_ENTRY_JUMP_IMPORTS);
  const logPrice = field(plan, I_LOG_PRICE);
  const logBaseRatio = field(plan, I_LOG_BASE_RATIO);
  const importContent = field(plan, I_IMPORT_CONTENT);
  const observedOil = field(plan, I_OBSERVED_OIL);
  const observedRub = field(plan, I_OBSERVED_RUB);
  const observedCrudeVolume = field(plan, I_OBSERVED_CRUDE);
  const observedRegime = field(plan, I_OBSERVED_REGIME);
  const observedLogOil = field(plan, I_OBSERVED_LOG_OIL);
  const observedLogRub = field(plan, I_OBSERVED_LOG_RUB);
  const pinPattern = field(plan, I_PIN_PATTERN);
  const shockConditioning = field(plan, I_SHOCK_CONDITIONING);
  const capOdds = field(plan, I_CAP_ODDS);
  const capTestAbove = field(plan, I_CAP_TEST_ABOVE);
  const priceRowClass = field(plan, I_PRICE_ROW_CLASS);
  const origin = field(plan, I_ORIGIN);
  const L = field(plan, I_CORRELATION);
  const l00 = f64x2.splat(f(L, 0));
  const l10 = f64x2.splat(f(L, 4)), l11 = f64x2.splat(f(L, 5));
  const l20 = f64x2.splat(f(L, 8)), l21 = f64x2.splat(f(L, 9)), l22 = f64x2.splat(f(L, 10));
  const l30 = f64x2.splat(f(L, 12)), l31 = f64x2.splat(f(L, 13)), l32 = f64x2.splat(f(L, 14)), l33 = f64x2.splat(f(L, 15));
  const logOil0 = f64x2.splat(f(origin, ORIGIN_LOG_OIL));
  const otherEnergy0 = f64x2.splat(realField(plan, R_OTHER_ENERGY_0));
  const crudeValuePerMtPerDollar = f64x2.splat(realField(plan, R_CRUDE_VALUE_PER_MT_PER_DOLLAR));
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);

  const uniforms = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_UNIFORMS);
  const exponentials = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_EXPONENTIALS);
  const targets = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_TARGETS);
  const targetClass = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_TARGET_CLASS);
  const uncappedWest = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_UNCAPPED_WEST);
  const sectorUniforms = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_SECTOR_UNIFORMS);
  const row = pairScratch + <usize>pairScratchOffset(sectorCount, parameterCount, PAIR_ROW);

  const eCrude = E_SECTORS + E_PER_SECTOR * sectorCount;
  const pCrudeVolatility = G + sectorCount * S;
  const pCrudeGrowth = pCrudeVolatility + 1;
  const pImportsRouble = pCrudeVolatility + 2;
  const oLogOilLongRun = parameterCount + L_LOG_OIL_LONG_RUN;
  const oOilPersistence = parameterCount + L_OIL_PERSISTENCE;
  const oOilInnovation = parameterCount + L_OIL_INNOVATION;
  const oLogOil = parameterCount + L_LOG_OIL;
  const oLogRub = parameterCount + L_LOG_RUB;
  const oCrudeVolume = parameterCount + L_CRUDE_VOLUME;
  const oLogNonEnergy = parameterCount + L_LOG_NON_ENERGY;
  const oLogOtherImports = parameterCount + L_LOG_OTHER_IMPORTS;
  const oRegime = parameterCount + L_REGIME;
  const oJumpExports = parameterCount + L_JUMP_EXPORTS;
  const oJumpImports = parameterCount + L_JUMP_IMPORTS;
  const oLogMarket = parameterCount + L_LOG_MARKET;
  const oLogRatio = oLogMarket + sectorCount;

  for (let path = start; path < end; path += 2) {
    const localA = path - chunkStart;
    const localB = localA + 1;
    const keyA: u32 = pathKeys != 0 ? load<u32>(pathKeys + (<usize>localA << 2)) : <u32>path;
    const keyB: u32 = pathKeys != 0 ? load<u32>(pathKeys + (<usize>localB << 2)) : <u32>(path + 1);
    const hashA = pathKeyHash(seed, antithetic ? keyA >>> 1 : keyA);
    const hashB = pathKeyHash(seed, antithetic ? keyB >>> 1 : keyB);
    const mirror = laneMask(antithetic && (keyA & 1) != 0, antithetic && (keyB & 1) != 0);
    const mirrored = antithetic && ((keyA | keyB) & 1) != 0;
    const rowA = rows + <usize>(localA * stride) * 8;
    const rowB = rows + <usize>(localB * stride) * 8;

    if (fromYear == 0) {
      if (parameterUniforms != 0) {
        const designA = parameterUniforms + <usize>(localA * parameterCount) * 8;
        const designB = parameterUniforms + <usize>(localB * parameterCount) * 8;
        for (let i = 0; i < parameterCount; i++) setPv(uniforms, i, pair(f(designA, i), f(designB, i)));
      } else {
        keyedUniformsIntoLane(uniforms, parameterCount, hashA, STREAM_PARAMETERS, PARAMETER_YEAR_KEY, 0);
        keyedUniformsIntoLane(uniforms, parameterCount, hashB, STREAM_PARAMETERS, PARAMETER_YEAR_KEY, 1);
        if (mirrored) mirrorPairsInPlace(uniforms, parameterCount, mirror);
      }
      startPathPairInto(row, plan, uniforms, origin, parameterCount, sectorCount);
    } else if (rowPerPath) {
      for (let i = 0; i < stride; i++) setPv(row, i, pair(f(rowA, i), f(rowB, i)));
    }

    const logOilLongRun = pv(row, oLogOilLongRun);
    const oilPersistence = pv(row, oOilPersistence);
    const oilInnovation = pv(row, oOilInnovation);
    const rubDrift = pv(row, P_RUB_DRIFT);
    const rubVolatility = pv(row, P_RUB_VOLATILITY);
    const crudeCapacity = pv(row, P_CRUDE_CAPACITY);
    const crudeCatchUp = pv(row, P_CRUDE_CATCH_UP);
    const otherEnergyElasticity = pv(row, P_OTHER_ENERGY_ELASTICITY);
    const nonEnergyGrowth = pv(row, P_NON_ENERGY_GROWTH);
    const nonEnergyVolatility = pv(row, P_NON_ENERGY_VOLATILITY);
    const otherImportsGrowth = pv(row, P_OTHER_IMPORTS_GROWTH);
    const demandVolatility = pv(row, P_DEMAND_VOLATILITY);
    const crudeVolatility = pv(row, pCrudeVolatility);
    const crudeGrowth = pv(row, pCrudeGrowth);
    const importsRoubleElasticity = pv(row, pImportsRouble);
    const crudeDynamicsA = first(crudeVolatility) != 0 || first(crudeGrowth) != 0;
    const crudeDynamicsB = second(crudeVolatility) != 0 || second(crudeGrowth) != 0;
    const crudeDynamics = laneMask(crudeDynamicsA, crudeDynamicsB);
    const anyCrudeDynamics = crudeDynamicsA || crudeDynamicsB;
    const macroA = crudeDynamicsA ? MACRO_UNIFORMS : MACRO_UNIFORMS_WITHOUT_CRUDE;
    const macroB = crudeDynamicsB ? MACRO_UNIFORMS : MACRO_UNIFORMS_WITHOUT_CRUDE;
    const macroUniforms = anyCrudeDynamics ? MACRO_UNIFORMS : MACRO_UNIFORMS_WITHOUT_CRUDE;
    const exponentialCount = anyCrudeDynamics ? eCrude + 2 : eCrude;
    let logOil = pv(row, oLogOil);
    let logRub = pv(row, oLogRub);
    let crudeVolume = pv(row, oCrudeVolume);
    let logNonEnergy = pv(row, oLogNonEnergy);
    let logOtherImports = pv(row, oLogOtherImports);
    let regimeA = <i32>laneOf(row, oRegime, 0);
    let regimeB = <i32>laneOf(row, oRegime, 1);
    let jumpExports = pv(row, oJumpExports);
    let jumpImports = pv(row, oJumpImports);
    let logFriction = pair(f(logFrictionFactor, regimeA), f(logFrictionFactor, regimeB));
    let exportsFactor = expPair(f64x2.add(jumpExports, logFriction));
    let importsJumpFactor = expPair(jumpImports);
    for (let k = 0; k < 2 * sectorCount; k++) store<i32>(targetClass + (<usize>k << 2), -1);

    for (let y = fromYear; y < toYear; y++) {
      const cell = (y - fromYear) * chunkPaths + localA;
      // the year's macro and sector uniforms of both paths, their four streams at once
      keyedUniformPairsOfYear(uniforms, macroUniforms, sectorUniforms, sectorCount, hashA, hashB, STREAM_MACRO, STREAM_SECTORS, <u32>y);
      // a lane without crude-volume dynamics draws no volume shock: give its slot a harmless 0.5 (Φ⁻¹ = 0)
      if (macroA != macroB) setLane(uniforms, MACRO_UNIFORMS - 1, crudeDynamicsA ? 1 : 0, 0.5);
      if (mirrored) {
        mirrorPairsInPlace(uniforms, macroUniforms, mirror);
        mirrorPairsInPlace(sectorUniforms, sectorCount, mirror);
      }

      // 1. regime, lane by lane
      const observed = n(observedRegime, y);
      let nextA = nextRegime(transitionCumulative, regimeA, regimeCount, laneOf(uniforms, 0, 0));
      let nextB = nextRegime(transitionCumulative, regimeB, regimeCount, laneOf(uniforms, 0, 1));
      if (observed >= 0) {
        nextA = observed;
        nextB = observed;
      }
      if (nextA != regimeA || nextB != regimeB) {
        if (nextA != regimeA) {
          jumpExports = f64x2.replace_lane(jumpExports, 0, first(jumpExports) + f(entryJumpExports, nextA));
          jumpImports = f64x2.replace_lane(jumpImports, 0, first(jumpImports) + f(entryJumpImports, nextA));
          regimeA = nextA;
        }
        if (nextB != regimeB) {
          jumpExports = f64x2.replace_lane(jumpExports, 1, second(jumpExports) + f(entryJumpExports, nextB));
          jumpImports = f64x2.replace_lane(jumpImports, 1, second(jumpImports) + f(entryJumpImports, nextB));
          regimeB = nextB;
        }
        logFriction = pair(f(logFrictionFactor, regimeA), f(logFrictionFactor, regimeB));
        // a lane whose regime did not change recomputes its factors from the same numbers: the same bits
        exportsFactor = expPair(f64x2.add(jumpExports, logFriction));
        importsJumpFactor = expPair(jumpImports);
      }

      // 2. correlated shocks
      normalQuantilePairsInPlace(uniforms + 16, macroUniforms - 1);
      const z0 = pv(uniforms, 1);
      const z1 = pv(uniforms, 2);
      const z2 = pv(uniforms, 3);
      const z3 = pv(uniforms, 4);
      const pattern = n(pinPattern, y);
      const oilPinned = (pattern & PINNED_OIL) != 0;
      const roublePinned = (pattern & PINNED_ROUBLE) != 0;
      let shockOil: v128, shockRub: v128, shockDemand: v128, shockExports: v128;
      if (pattern == 0) {
        shockOil = f64x2.mul(l00, z0);
        shockRub = f64x2.add(f64x2.mul(l10, z0), f64x2.mul(l11, z1));
        shockDemand = f64x2.add(f64x2.add(f64x2.mul(l20, z0), f64x2.mul(l21, z1)), f64x2.mul(l22, z2));
        shockExports = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(l30, z0), f64x2.mul(l31, z1)), f64x2.mul(l32, z2)), f64x2.mul(l33, z3));
      } else {
        const observedOilLog = f64x2.splat(f(observedLogOil, y));
        const observedRubLog = f64x2.splat(f(observedLogRub, y));
        const pinnedOil = oilPinned
          ? v128.bitselect(
              f64x2.div(f64x2.sub(f64x2.sub(observedOilLog, logOilLongRun), f64x2.mul(f64x2.sub(logOil, logOilLongRun), oilPersistence)), oilInnovation),
              zero,
              f64x2.gt(oilInnovation, zero),
            )
          : zero;
        const pinnedRub = roublePinned
          ? v128.bitselect(f64x2.div(f64x2.sub(f64x2.sub(observedRubLog, logRub), rubDrift), rubVolatility), zero, f64x2.gt(rubVolatility, zero))
          : zero;
        const a = shockConditioning + <usize>(pattern * CONDITIONING_STRIDE) * 8;
        const b = a + 16 * 8;
        shockOil = conditioned(a, b, 0, pinnedOil, pinnedRub, z0, z1, z2, z3);
        shockRub = conditioned(a, b, 4, pinnedOil, pinnedRub, z0, z1, z2, z3);
        shockDemand = conditioned(a, b, 8, pinnedOil, pinnedRub, z0, z1, z2, z3);
        shockExports = conditioned(a, b, 12, pinnedOil, pinnedRub, z0, z1, z2, z3);
      }

      // 3.–5. oil, rouble, exports' and imports' log levels
      logOil = oilPinned
        ? f64x2.splat(f(observedLogOil, y))
        : f64x2.add(f64x2.add(logOilLongRun, f64x2.mul(f64x2.sub(logOil, logOilLongRun), oilPersistence)), f64x2.mul(oilInnovation, shockOil));
      const rubChange = roublePinned ? f64x2.sub(f64x2.splat(f(observedLogRub, y)), logRub) : f64x2.add(rubDrift, f64x2.mul(rubVolatility, shockRub));
      logRub = roublePinned ? f64x2.splat(f(observedLogRub, y)) : f64x2.add(logRub, rubChange);
      logNonEnergy = f64x2.add(logNonEnergy, f64x2.add(nonEnergyGrowth, f64x2.mul(nonEnergyVolatility, shockExports)));
      const demandShock = f64x2.mul(demandVolatility, shockDemand);
      logOtherImports = f64x2.add(logOtherImports, f64x2.add(f64x2.sub(otherImportsGrowth, f64x2.mul(importsRoubleElasticity, rubChange)), demandShock));
      setPv(exponentials, E_OIL, logOil);
      setPv(exponentials, E_OTHER_ENERGY, f64x2.mul(otherEnergyElasticity, f64x2.sub(logOil, logOil0)));
      setPv(exponentials, E_NON_ENERGY, logNonEnergy);
      setPv(exponentials, E_OTHER_IMPORTS, f64x2.add(logOtherImports, logFriction));
      setPv(exponentials, E_RUB, logRub);
      if (anyCrudeDynamics) {
        setPv(exponentials, eCrude, f64x2.mul(crudeGrowth, f64x2.splat(<f64>(y + 1))));
        setPv(exponentials, eCrude + 1, f64x2.mul(crudeVolatility, pv(uniforms, 5)));
      }

      // 6. the sectors' Armington targets, lane by lane, kept while a lane's price row stays in its class
      const oddsA = f(capOdds, regimeA);
      const oddsB = f(capOdds, regimeB);
      const odds = pair(oddsA, oddsB);
      const priceRowA = (y * regimeCount + regimeA) * sectorCount * J;
      const priceRowB = (y * regimeCount + regimeB) * sectorCount * J;
      const classRowA = (y * regimeCount + regimeA) * sectorCount;
      const classRowB = (y * regimeCount + regimeB) * sectorCount;
      for (let k = 0; k < sectorCount; k++) {
        const classA = n(priceRowClass, classRowA + k);
        if (classA != n(targetClass, 2 * k)) {
          armingtonTargetLane(targets, k, 0, row, logPrice, priceRowA, logBaseRatio, f(capTestAbove, regimeA), oddsA);
          store<i32>(targetClass + (<usize>(2 * k) << 2), classA);
        }
        const classB = n(priceRowClass, classRowB + k);
        if (classB != n(targetClass, 2 * k + 1)) {
          armingtonTargetLane(targets, k, 1, row, logPrice, priceRowB, logBaseRatio, f(capTestAbove, regimeB), oddsB);
          store<i32>(targetClass + (<usize>(2 * k + 1) << 2), classB);
        }
      }

      // 7. sectors: demand, partial adjustment toward the targets, then every exponential at once
      normalQuantilePairsInPlace(sectorUniforms, sectorCount);
      for (let k = 0; k < sectorCount; k++) {
        const p = G + k * S;
        const m = oLogMarket + k;
        const logMarketK = f64x2.add(f64x2.sub(f64x2.add(pv(row, m), pv(row, p + S_GROWTH)), f64x2.mul(pv(row, p + S_ROUBLE), rubChange)), demandShock);
        setPv(row, m, logMarketK);
        const speed = pv(row, p + S_SPEED);
        const r = oLogRatio + k * J;
        const china = pv(row, r + CHINA);
        const west = pv(row, r + WEST);
        const other = pv(row, r + OTHER);
        const shareNoise = f64x2.mul(pv(row, p + S_VOLATILITY), pv(sectorUniforms, k));
        const newChina = f64x2.add(f64x2.add(china, f64x2.mul(speed, f64x2.sub(pv(targets, 3 * k), china))), shareNoise);
        const newWest = f64x2.add(west, f64x2.mul(speed, f64x2.sub(pv(targets, 3 * k + 1), west)));
        const newOther = f64x2.add(other, f64x2.mul(speed, f64x2.sub(pv(targets, 3 * k + 2), other)));
        setPv(row, r + CHINA, newChina);
        setPv(row, r + OTHER, newOther);
        setPv(uncappedWest, k, newWest);
        const e = E_SECTORS + E_PER_SECTOR * k;
        setPv(exponentials, e + E_CHINA, newChina);
        setPv(exponentials, e + E_OTHER, newOther);
        setPv(exponentials, e + E_WEST, newWest);
        setPv(exponentials, e + E_MARKET, logMarketK);
      }
      expPairsInPlace(exponentials, exponentialCount);

      // shares (Western capped), imports
      let sectorImports = zero;
      for (let k = 0; k < sectorCount; k++) {
        const e = E_SECTORS + E_PER_SECTOR * k;
        const chinaRatio = pv(exponentials, e + E_CHINA);
        const otherRatio = pv(exponentials, e + E_OTHER);
        const uncappedWestRatio = pv(exponentials, e + E_WEST);
        const limit = f64x2.mul(odds, f64x2.add(f64x2.add(one, chinaRatio), otherRatio));
        const westRatio = v128.bitselect(limit, uncappedWestRatio, f64x2.gt(uncappedWestRatio, limit));
        const westSlot = oLogRatio + k * J + WEST;
        const capped = f64x2.ne(westRatio, uncappedWestRatio);
        if (v128.any_true(capped)) {
          // the cap binds on a lane: its state keeps ln of the capped ratio
          setLane(row, westSlot, 0, i64x2.extract_lane(capped, 0) != 0 ? log(first(westRatio)) : laneOf(uncappedWest, k, 0));
          setLane(row, westSlot, 1, i64x2.extract_lane(capped, 1) != 0 ? log(second(westRatio)) : laneOf(uncappedWest, k, 1));
        } else setPv(row, westSlot, pv(uncappedWest, k));
        const domesticShare = f64x2.div(one, f64x2.add(f64x2.add(f64x2.add(one, chinaRatio), westRatio), otherRatio));
        const chinaShare = f64x2.mul(chinaRatio, domesticShare);
        const s = FIRST_SHARE_SERIES + k * J;
        v128.store(out + (<usize>((s + CHINA) * seriesStride + cell) << 3), chinaShare);
        v128.store(out + (<usize>((s + WEST) * seriesStride + cell) << 3), f64x2.mul(westRatio, domesticShare));
        v128.store(out + (<usize>((s + DOMESTIC) * seriesStride + cell) << 3), domesticShare);
        v128.store(out + (<usize>((s + OTHER) * seriesStride + cell) << 3), f64x2.mul(otherRatio, domesticShare));
        sectorImports = f64x2.add(sectorImports, f64x2.mul(f64x2.mul(pv(exponentials, e + E_MARKET), chinaShare), f64x2.splat(f(importContent, y * sectorCount + k))));
      }

      // crude volume
      const observedCrude = f(observedCrudeVolume, y);
      if (observedCrude == observedCrude) crudeVolume = f64x2.splat(observedCrude);
      else {
        const toCeiling = f64x2.add(crudeVolume, f64x2.mul(crudeCatchUp, f64x2.sub(crudeCapacity, crudeVolume)));
        if (anyCrudeDynamics) {
          const capacity = f64x2.mul(crudeCapacity, pv(exponentials, eCrude));
          const shocked = f64x2.mul(f64x2.add(crudeVolume, f64x2.mul(crudeCatchUp, f64x2.sub(capacity, crudeVolume))), pv(exponentials, eCrude + 1));
          crudeVolume = v128.bitselect(shocked, toCeiling, crudeDynamics);
        } else crudeVolume = toCeiling;
      }

      const oilPrice = oilPinned ? f64x2.splat(f(observedOil, y)) : pv(exponentials, E_OIL);
      const crudeValue = f64x2.mul(f64x2.mul(crudeVolume, crudeValuePerMtPerDollar), oilPrice);
      const otherEnergy = f64x2.mul(otherEnergy0, pv(exponentials, E_OTHER_ENERGY));
      const exportsValue = f64x2.mul(f64x2.add(f64x2.add(crudeValue, otherEnergy), pv(exponentials, E_NON_ENERGY)), exportsFactor);
      const importsValue = f64x2.mul(f64x2.add(sectorImports, pv(exponentials, E_OTHER_IMPORTS)), importsJumpFactor);

      v128.store(out + (<usize>(SERIES_TURNOVER * seriesStride + cell) << 3), f64x2.add(exportsValue, importsValue));
      v128.store(out + (<usize>(SERIES_EXPORTS * seriesStride + cell) << 3), exportsValue);
      v128.store(out + (<usize>(SERIES_IMPORTS * seriesStride + cell) << 3), importsValue);
      v128.store(out + (<usize>(SERIES_OIL_PRICE * seriesStride + cell) << 3), oilPrice);
      v128.store(out + (<usize>(SERIES_RUB_PER_CNY * seriesStride + cell) << 3), roublePinned ? f64x2.splat(f(observedRub, y)) : pv(exponentials, E_RUB));
      store<u8>(regimeOut + <usize>cell, <u8>regimeA);
      store<u8>(regimeOut + <usize>cell + 1, <u8>regimeB);
    }

    setPv(row, oLogOil, logOil);
    setPv(row, oLogRub, logRub);
    setPv(row, oCrudeVolume, crudeVolume);
    setPv(row, oLogNonEnergy, logNonEnergy);
    setPv(row, oLogOtherImports, logOtherImports);
    setPv(row, oRegime, pair(<f64>regimeA, <f64>regimeB));
    setPv(row, oJumpExports, jumpExports);
    setPv(row, oJumpImports, jumpImports);
    if (rowPerPath) {
      for (let i = 0; i < stride; i++) {
        const v = pv(row, i);
        store<f64>(rowA + (<usize>i << 3), first(v));
        store<f64>(rowB + (<usize>i << 3), second(v));
      }
    }
  }
}

/** The regime after a Markov step from `regime` with the uniform u (the first whose cumulative probability exceeds u). */
// @ts-ignore: decorator
@inline function nextRegime(transitionCumulative: usize, regime: i32, regimeCount: i32, u: f64): i32 {
  const rowAt = regime * regimeCount;
  let next = 0;
  while (next < regimeCount - 1 && u >= f(transitionCumulative, rowAt + next)) next++;
  return next;
}

/** One shock given the pinned ones: A·ε_pinned + B·z for row `at` of the conditioning (the scalar loop's order of additions). */
// @ts-ignore: decorator
@inline function conditioned(a: usize, b: usize, at: i32, pinnedOil: v128, pinnedRub: v128, z0: v128, z1: v128, z2: v128, z3: v128): v128 {
  let sum = f64x2.add(f64x2.mul(f64x2.splat(f(a, at)), pinnedOil), f64x2.mul(f64x2.splat(f(a, at + 1)), pinnedRub));
  sum = f64x2.add(sum, f64x2.mul(f64x2.splat(f(b, at)), z0));
  sum = f64x2.add(sum, f64x2.mul(f64x2.splat(f(b, at + 1)), z1));
  sum = f64x2.add(sum, f64x2.mul(f64x2.splat(f(b, at + 2)), z2));
  return f64x2.add(sum, f64x2.mul(f64x2.splat(f(b, at + 3)), z3));
}

/** u → 1 − u in the lanes `mask` selects, for `count` pairs (mirrorInPlace, lane by lane). */
// @ts-ignore: decorator
@inline function mirrorPairsInPlace(values: usize, count: i32, mask: v128): void {
  const one = f64x2.splat(1);
  for (let i = 0; i < count; i++) {
    const u = pv(values, i);
    setPv(values, i, v128.bitselect(f64x2.sub(one, u), u, mask));
  }
}

/** Sector k's Armington target log-ratios in lane `lane` of the interleaved `targets` (armingtonTargetInto in simulatePaths.ts). */
function armingtonTargetLane(targets: usize, k: i32, lane: i32, row: usize, logPrice: usize, priceRow: i32, logBaseRatio: usize, capTestAbove: f64, capOdds: f64): void {
  const oneMinusElasticity = 1 - laneOf(row, G + k * S + S_ELASTICITY, lane);
  const b = k * J;
  const priceBase = priceRow + b;
  const logPriceDomestic = f(logPrice, priceBase + DOMESTIC);
  const targetChina = f(logBaseRatio, b + CHINA) + oneMinusElasticity * (f(logPrice, priceBase + CHINA) - logPriceDomestic);
  let targetWest = f(logBaseRatio, b + WEST) + oneMinusElasticity * (f(logPrice, priceBase + WEST) - logPriceDomestic);
  const targetOther = f(logBaseRatio, b + OTHER) + oneMinusElasticity * (f(logPrice, priceBase + OTHER) - logPriceDomestic);
  if (!(targetWest < capTestAbove)) {
    const ratios = expPair(pair(targetWest, targetChina));
    const targetWestRatio = first(ratios);
    const limit = capOdds * (1 + second(ratios) + exp(targetOther));
    const cappedTarget = targetWestRatio > limit ? limit : targetWestRatio;
    if (cappedTarget != targetWestRatio) targetWest = log(cappedTarget);
  }
  setLane(targets, 3 * k, lane, targetChina);
  setLane(targets, 3 * k + 1, lane, targetWest);
  setLane(targets, 3 * k + 2, lane, targetOther);
}

/** Draws a pair's parameters from the uniform pairs, derives its per-path constants and puts it at the origin (startPathInto, lane by lane). */
function startPathPairInto(row: usize, plan: usize, uniforms: usize, origin: usize, parameterCount: i32, sectorCount: i32): void {
  for (let i = 0; i < parameterCount; i++) setPv(row, i, quantileOfPair(plan, i, pv(uniforms, i)));
  const meanReversion = pv(row, P_OIL_REVERSION);
  const longRun = pv(row, P_OIL_LONG_RUN);
  setPv(row, parameterCount + L_LOG_OIL_LONG_RUN, pair(log(first(longRun)), log(second(longRun))));
  setPv(row, parameterCount + L_OIL_PERSISTENCE, expPair(f64x2.neg(meanReversion)));
  const varianceFactor = pair(varianceFactorOf(first(meanReversion)), varianceFactorOf(second(meanReversion)));
  setPv(row, parameterCount + L_OIL_INNOVATION, f64x2.mul(pv(row, P_OIL_VOLATILITY), f64x2.sqrt(varianceFactor)));
  setPv(row, parameterCount + L_LOG_OIL, f64x2.splat(f(origin, ORIGIN_LOG_OIL)));
  setPv(row, parameterCount + L_LOG_RUB, f64x2.splat(f(origin, ORIGIN_LOG_RUB)));
  setPv(row, parameterCount + L_CRUDE_VOLUME, f64x2.splat(realField(plan, R_CRUDE_VOLUME_0)));
  setPv(row, parameterCount + L_LOG_NON_ENERGY, f64x2.splat(f(origin, ORIGIN_LOG_NON_ENERGY)));
  setPv(row, parameterCount + L_LOG_OTHER_IMPORTS, f64x2.splat(f(origin, ORIGIN_LOG_OTHER_IMPORTS)));
  setPv(row, parameterCount + L_REGIME, f64x2.splat(<f64>field(plan, I_INITIAL_REGIME)));
  setPv(row, parameterCount + L_JUMP_EXPORTS, f64x2.splat(0));
  setPv(row, parameterCount + L_JUMP_IMPORTS, f64x2.splat(0));
  const logMarket = parameterCount + L_LOG_MARKET;
  const logRatio = logMarket + sectorCount;
  const initialLogRatio = field(plan, I_INITIAL_LOG_RATIO);
  for (let k = 0; k < sectorCount; k++) {
    setPv(row, logMarket + k, f64x2.splat(f(origin, ORIGIN_LOG_MARKET + k)));
    for (let j = 0; j < J; j++) setPv(row, logRatio + k * J + j, f64x2.splat(f(initialLogRatio, k * J + j)));
  }
}

/** (1 − e^{−2κ})/(2κ), 1 as κ → 0 (ornsteinUhlenbeckInnovationScale). */
// @ts-ignore: decorator
@inline function varianceFactorOf(meanReversion: f64): f64 {
  return meanReversion > 1e-12 ? -expm1(-2 * meanReversion) / (2 * meanReversion) : 1;
}

/** quantileOf for both lanes: at once where the kind is pure arithmetic, lane by lane for the tabulated kinds (beta, empirical). */
function quantileOfPair(plan: usize, slot: i32, u: v128): v128 {
  const at = field(plan, I_DIST_NUMBERS) + (<usize>(slot * NUMBERS) << 3);
  const n0 = f64x2.splat(load<f64>(at));
  const n1 = f64x2.splat(load<f64>(at, 8));
  switch (load<i32>(field(plan, I_DIST_KINDS) + (<usize>slot << 2))) {
    case FIXED:
      return n0;
    case NORMAL:
      return f64x2.add(n0, f64x2.mul(n1, normalQuantilePair(u)));
    case LOGNORMAL:
      return expPair(f64x2.add(n0, f64x2.mul(n1, normalQuantilePair(u))));
    case UNIFORM:
      return f64x2.add(n0, f64x2.mul(n1, u));
    case TRIANGULAR: {
      const min = n0;
      const mode = n1;
      const max = f64x2.splat(load<f64>(at, 16));
      const width = f64x2.splat(load<f64>(at, 24));
      const below = f64x2.add(min, f64x2.sqrt(f64x2.mul(f64x2.mul(u, width), f64x2.sub(mode, min))));
      const above = f64x2.sub(max, f64x2.sqrt(f64x2.mul(f64x2.mul(f64x2.sub(f64x2.splat(1), u), width), f64x2.sub(max, mode))));
      return v128.bitselect(below, above, f64x2.lt(u, f64x2.splat(load<f64>(at, 32))));
    }
    case TRUNCATED_NORMAL_UPPER_TAIL: {
      const qLower = f64x2.splat(load<f64>(at, 32));
      const p = f64x2.sub(qLower, f64x2.mul(u, f64x2.sub(qLower, f64x2.splat(load<f64>(at, 40)))));
      return clampPair(f64x2.sub(n0, f64x2.mul(n1, normalQuantilePair(p))), f64x2.splat(load<f64>(at, 16)), f64x2.splat(load<f64>(at, 24)));
    }
    case TRUNCATED_NORMAL: {
      const pLower = f64x2.splat(load<f64>(at, 32));
      const p = f64x2.add(pLower, f64x2.mul(u, f64x2.sub(f64x2.splat(load<f64>(at, 40)), pLower)));
      return clampPair(f64x2.add(n0, f64x2.mul(n1, normalQuantilePair(p))), f64x2.splat(load<f64>(at, 16)), f64x2.splat(load<f64>(at, 24)));
    }
    default:
      return pair(quantileOf(plan, slot, first(u)), quantileOf(plan, slot, second(u)));
  }
}
