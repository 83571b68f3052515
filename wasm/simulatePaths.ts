// The path loop: src/core/simulatePaths.ts (`simulatePathsInto`, whose comments explain the
// model and the order of its operations) in WebAssembly. Every number is the same expression of
// the same inputs, evaluated in the same order, with the same elementary functions and the same
// generator, so the output has the same bits. The plan and the scratch space are laid out by
// src/core/wasmKernel.ts (planLayout.ts); indices below mirror src/core/modelPlan.ts,
// src/core/pathStates.ts and src/core/simulationOutput.ts.
import { exp } from './exp';
import { expm1 } from './expm1';
import { log } from './log';
import { expInPlace, expPair, normalQuantilesInPlace } from './batches';
import { field, realField } from './planLayout';
import {
  I_ANTITHETIC,
  I_CAP_ODDS,
  I_CAP_TEST_ABOVE,
  I_CORRELATION,
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
  I_SCRATCH,
  I_SECTORS,
  I_SHOCK_CONDITIONING,
  I_STRIDE,
  I_TRANSITION_CUMULATIVE,
  R_CRUDE_VALUE_PER_MT_PER_DOLLAR,
  R_CRUDE_VOLUME_0,
  R_OTHER_ENERGY_0,
} from './planLayout';
import { quantileOf } from './quantileOf';
import { pairScratchBytes, simulatePathPairs } from './simulatePathPairs';
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
  PARAMETER_YEAR_KEY,
  PINNED_OIL,
  PINNED_ROUBLE,
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
  S,
  SERIES_EXPORTS,
  SERIES_IMPORTS,
  SERIES_OIL_PRICE,
  SERIES_RUB_PER_CNY,
  SERIES_TURNOVER,
  STREAM_MACRO,
  STREAM_PARAMETERS,
  STREAM_SECTORS,
  S_ELASTICITY,
  S_GROWTH,
  S_ROUBLE,
  S_SPEED,
  S_VOLATILITY,
  WEST,
} from './modelIndices';
import { keyedUniformsInto, pathKeyHash } from './random';

// @ts-ignore: decorator
@inline function f(at: usize, i: i32): f64 {
  return load<f64>(at + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setF(at: usize, i: i32, value: f64): void {
  store<f64>(at + (<usize>i << 3), value);
}
// @ts-ignore: decorator
@inline function n(at: usize, i: i32): i32 {
  return load<i32>(at + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function setN(at: usize, i: i32, value: i32): void {
  store<i32>(at + (<usize>i << 2), value);
}

/** Bytes of scratch space `simulatePaths` needs for a plan with `sectors` sectors and `parameters` parameters. */
export function scratchBytes(sectors: i32, parameters: i32): i32 {
  return scratchOffset(sectors, parameters, SCRATCH_END);
}

/**
 * Simulates paths [start, end) of the chunk [start, end) (see `simulatePaths` for the layout):
 * two at a time (simulatePathPairs.ts), and an odd last one alone. The scratch space holds
 * `simulatePaths`' and then, 16-byte aligned, `simulatePathPairs`'.
 */
export function simulateChunk(
  plan: usize,
  seed: u32,
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
): void {
  const paths = end - start;
  const pairsEnd = start + (paths & ~1);
  const pairScratch = (field(plan, I_SCRATCH) + <usize>scratchBytes(<i32>field(plan, I_SECTORS), <i32>field(plan, I_PARAMETERS)) + 15) & ~15;
  if (pairsEnd > start) simulatePathPairs(plan, seed, start, paths, start, pairsEnd, fromYear, toYear, out, regimeOut, rows, rowPerPath, parameterUniforms, pathKeys, pairScratch);
  if (pairsEnd < end) simulatePaths(plan, seed, start, paths, pairsEnd, end, fromYear, toYear, out, regimeOut, rows, rowPerPath, parameterUniforms, pathKeys);
}

/** Bytes of scratch space `simulateChunk` needs (16-byte aligned parts). */
export function chunkScratchBytes(sectors: i32, parameters: i32): i32 {
  return ((scratchBytes(sectors, parameters) + 15) & ~15) + pairScratchBytes(sectors, parameters) + 16;
}

// the scratch arrays, in order
const SCRATCH_UNIFORMS = 0;
const SCRATCH_EXPONENTIALS = 1;
const SCRATCH_TARGETS = 2;
const SCRATCH_TARGET_CLASS = 3;
const SCRATCH_UNCAPPED_WEST = 4;
const SCRATCH_CAPPED_SECTORS = 5;
const SCRATCH_CAPPED_LOGS = 6;
const SCRATCH_ROW = 7;
const SCRATCH_END = 8;

/** Bytes of scratch array `which`. */
function scratchSize(sectors: i32, parameters: i32, which: i32): i32 {
  switch (which) {
    case SCRATCH_UNIFORMS:
      return max<i32>(max<i32>(parameters, MACRO_UNIFORMS), sectors) * 8;
    case SCRATCH_EXPONENTIALS:
      return (E_SECTORS + E_PER_SECTOR * sectors + 2) * 8;
    case SCRATCH_TARGETS:
      return 3 * sectors * 8;
    case SCRATCH_TARGET_CLASS:
    case SCRATCH_CAPPED_SECTORS:
      return sectors * 4;
    case SCRATCH_UNCAPPED_WEST:
    case SCRATCH_CAPPED_LOGS:
      return sectors * 8;
    default:
      return (parameters + L_LOG_MARKET + sectors + sectors * J) * 8; // a state row
  }
}

/** The byte offset of scratch array `which` from the scratch space's start (each array 16-byte aligned). */
function scratchOffset(sectors: i32, parameters: i32, which: i32): i32 {
  let at = 0;
  for (let i = 0; i < which; i++) at += (scratchSize(sectors, parameters, i) + 15) & ~15;
  return at;
}

/**
 * Simulates paths [start, end) for years [fromYear, toYear) of the plan at `plan` (as
 * `simulatePathsInto`), within a chunk of `chunkPaths` paths from `chunkStart`. Output: series s,
 * year y, path p at out + 8·((s·years + y − fromYear)·chunkPaths + p − chunkStart), its regime at
 * regimeOut + (y − fromYear)·chunkPaths + p − chunkStart. `rows`: the chunk's state rows from path
 * `chunkStart` on when `rowPerPath`, else one row of scratch. `parameterUniforms` (rows of the
 * plan's parameter count) and `pathKeys`, when not 0, start at path `chunkStart` too.
 */
export function simulatePaths(
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
): void {
  const sectorCount = <i32>field(plan, I_SECTORS);
  const regimeCount = <i32>field(plan, I_REGIMES);
  const parameterCount = <i32>field(plan, I_PARAMETERS);
  const stride = <i32>field(plan, I_STRIDE);
  const antithetic = field(plan, I_ANTITHETIC) != 0;
  const chunk = chunkPaths;
  const callYears = toYear - fromYear;

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
  const l00 = f(L, 0);
  const l10 = f(L, 4), l11 = f(L, 5);
  const l20 = f(L, 8), l21 = f(L, 9), l22 = f(L, 10);
  const l30 = f(L, 12), l31 = f(L, 13), l32 = f(L, 14), l33 = f(L, 15);
  const logOil0 = f(origin, ORIGIN_LOG_OIL);
  const otherEnergy0 = realField(plan, R_OTHER_ENERGY_0);
  const crudeValuePerMtPerDollar = realField(plan, R_CRUDE_VALUE_PER_MT_PER_DOLLAR);

  const scratch = field(plan, I_SCRATCH);
  const uniforms = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_UNIFORMS);
  const exponentials = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_EXPONENTIALS);
  const targets = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_TARGETS);
  const targetClass = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_TARGET_CLASS);
  const uncappedWest = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_UNCAPPED_WEST);
  const cappedSectors = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_CAPPED_SECTORS);
  const cappedLogs = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_CAPPED_LOGS);
  const scratchRow = scratch + <usize>scratchOffset(sectorCount, parameterCount, SCRATCH_ROW);

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

  for (let path = start; path < end; path++) {
    const local = path - chunkStart;
    const key: u32 = pathKeys != 0 ? load<u32>(pathKeys + (<usize>local << 2)) : <u32>path;
    // antithetic sampling: keys 2i and 2i + 1 share their draws, the odd one takes 1 − u for every uniform
    const pathHash = pathKeyHash(seed, antithetic ? key >>> 1 : key);
    const mirrored = antithetic && (key & 1) != 0;
    const row = rowPerPath ? rows + <usize>(local * stride) * 8 : scratchRow;

    if (fromYear == 0) {
      if (parameterUniforms != 0) {
        memory.copy(uniforms, parameterUniforms + <usize>(local * parameterCount) * 8, <usize>parameterCount * 8);
      } else {
        keyedUniformsInto(uniforms, parameterCount, pathHash, STREAM_PARAMETERS, PARAMETER_YEAR_KEY);
        if (mirrored) mirrorInPlace(uniforms, parameterCount);
      }
      startPathInto(row, plan, uniforms, origin, parameterCount, sectorCount);
    }

    const logOilLongRun = f(row, oLogOilLongRun);
    const oilPersistence = f(row, oOilPersistence);
    const oilInnovation = f(row, oOilInnovation);
    const rubDrift = f(row, P_RUB_DRIFT);
    const rubVolatility = f(row, P_RUB_VOLATILITY);
    const crudeCapacity = f(row, P_CRUDE_CAPACITY);
    const crudeCatchUp = f(row, P_CRUDE_CATCH_UP);
    const otherEnergyElasticity = f(row, P_OTHER_ENERGY_ELASTICITY);
    const nonEnergyGrowth = f(row, P_NON_ENERGY_GROWTH);
    const nonEnergyVolatility = f(row, P_NON_ENERGY_VOLATILITY);
    const otherImportsGrowth = f(row, P_OTHER_IMPORTS_GROWTH);
    const demandVolatility = f(row, P_DEMAND_VOLATILITY);
    const crudeVolatility = f(row, pCrudeVolatility);
    const crudeGrowth = f(row, pCrudeGrowth);
    const importsRoubleElasticity = f(row, pImportsRouble);
    const crudeDynamics = crudeVolatility != 0 || crudeGrowth != 0;
    const macroUniforms = crudeDynamics ? MACRO_UNIFORMS : MACRO_UNIFORMS_WITHOUT_CRUDE;
    const exponentialCount = crudeDynamics ? eCrude + 2 : eCrude;
    let logOil = f(row, oLogOil);
    let logRub = f(row, oLogRub);
    let crudeVolume = f(row, oCrudeVolume);
    let logNonEnergy = f(row, oLogNonEnergy);
    let logOtherImports = f(row, oLogOtherImports);
    let regime = <i32>f(row, oRegime);
    let jumpExports = f(row, oJumpExports);
    let jumpImports = f(row, oJumpImports);
    let logFriction = f(logFrictionFactor, regime);
    let exportsFactor = exp(jumpExports + logFriction);
    let importsJumpFactor = exp(jumpImports);
    for (let k = 0; k < sectorCount; k++) setN(targetClass, k, -1);

    for (let y = fromYear; y < toYear; y++) {
      const cell = (y - fromYear) * chunk + local;
      keyedUniformsInto(uniforms, macroUniforms, pathHash, STREAM_MACRO, <u32>y);
      if (mirrored) mirrorInPlace(uniforms, macroUniforms);

      // 1. regime
      const u = f(uniforms, 0);
      const transitionRow = regime * regimeCount;
      let next = 0;
      while (next < regimeCount - 1 && u >= f(transitionCumulative, transitionRow + next)) next++;
      const observed = n(observedRegime, y);
      if (observed >= 0) next = observed;
      if (next != regime) {
        jumpExports += f(entryJumpExports, next);
        jumpImports += f(entryJumpImports, next);
        regime = next;
        logFriction = f(logFrictionFactor, regime);
        exportsFactor = exp(jumpExports + logFriction);
        importsJumpFactor = exp(jumpImports);
      }

      // 2. correlated shocks
      normalQuantilesInPlace(uniforms + 8, macroUniforms - 1);
      const z0 = f(uniforms, 1);
      const z1 = f(uniforms, 2);
      const z2 = f(uniforms, 3);
      const z3 = f(uniforms, 4);
      const pattern = n(pinPattern, y);
      let shockOil: f64, shockRub: f64, shockDemand: f64, shockExports: f64;
      if (pattern == 0) {
        shockOil = l00 * z0;
        shockRub = l10 * z0 + l11 * z1;
        shockDemand = l20 * z0 + l21 * z1 + l22 * z2;
        shockExports = l30 * z0 + l31 * z1 + l32 * z2 + l33 * z3;
      } else {
        const pinnedOil = (pattern & PINNED_OIL) != 0 && oilInnovation > 0 ? (f(observedLogOil, y) - logOilLongRun - (logOil - logOilLongRun) * oilPersistence) / oilInnovation : 0;
        const pinnedRub = (pattern & PINNED_ROUBLE) != 0 && rubVolatility > 0 ? (f(observedLogRub, y) - logRub - rubDrift) / rubVolatility : 0;
        const a = shockConditioning + <usize>(pattern * CONDITIONING_STRIDE) * 8;
        const b = a + 16 * 8;
        shockOil = f(a, 0) * pinnedOil + f(a, 1) * pinnedRub + f(b, 0) * z0 + f(b, 1) * z1 + f(b, 2) * z2 + f(b, 3) * z3;
        shockRub = f(a, 4) * pinnedOil + f(a, 5) * pinnedRub + f(b, 4) * z0 + f(b, 5) * z1 + f(b, 6) * z2 + f(b, 7) * z3;
        shockDemand = f(a, 8) * pinnedOil + f(a, 9) * pinnedRub + f(b, 8) * z0 + f(b, 9) * z1 + f(b, 10) * z2 + f(b, 11) * z3;
        shockExports = f(a, 12) * pinnedOil + f(a, 13) * pinnedRub + f(b, 12) * z0 + f(b, 13) * z1 + f(b, 14) * z2 + f(b, 15) * z3;
      }

      // 3.–5. oil, rouble, exports' and imports' log levels
      logOil = (pattern & PINNED_OIL) != 0 ? f(observedLogOil, y) : logOilLongRun + (logOil - logOilLongRun) * oilPersistence + oilInnovation * shockOil;
      const rubChange = (pattern & PINNED_ROUBLE) != 0 ? f(observedLogRub, y) - logRub : rubDrift + rubVolatility * shockRub;
      logRub = (pattern & PINNED_ROUBLE) != 0 ? f(observedLogRub, y) : logRub + rubChange;
      logNonEnergy += nonEnergyGrowth + nonEnergyVolatility * shockExports;
      const demandShock = demandVolatility * shockDemand;
      logOtherImports += otherImportsGrowth - importsRoubleElasticity * rubChange + demandShock;
      setF(exponentials, E_OIL, logOil);
      setF(exponentials, E_OTHER_ENERGY, otherEnergyElasticity * (logOil - logOil0));
      setF(exponentials, E_NON_ENERGY, logNonEnergy);
      setF(exponentials, E_OTHER_IMPORTS, logOtherImports + logFriction);
      setF(exponentials, E_RUB, logRub);
      if (crudeDynamics) {
        setF(exponentials, eCrude, crudeGrowth * <f64>(y + 1));
        setF(exponentials, eCrude + 1, crudeVolatility * f(uniforms, 5));
      }

      // 6. the sectors' Armington targets, kept while a sector's price row stays in its class
      const odds = f(capOdds, regime);
      const priceRow = (y * regimeCount + regime) * sectorCount * J;
      const classRow = (y * regimeCount + regime) * sectorCount;
      for (let k = 0; k < sectorCount; k++) {
        const rowClass = n(priceRowClass, classRow + k);
        if (rowClass != n(targetClass, k)) {
          armingtonTargetInto(targets, k, row, logPrice, priceRow, logBaseRatio, f(capTestAbove, regime), odds);
          setN(targetClass, k, rowClass);
        }
      }

      // 7. sectors: demand, partial adjustment toward the targets, then every exponential at once
      keyedUniformsInto(uniforms, sectorCount, pathHash, STREAM_SECTORS, <u32>y);
      if (mirrored) mirrorInPlace(uniforms, sectorCount);
      normalQuantilesInPlace(uniforms, sectorCount);
      for (let k = 0; k < sectorCount; k++) {
        const p = G + k * S;
        const m = oLogMarket + k;
        const logMarketK = f(row, m) + f(row, p + S_GROWTH) - f(row, p + S_ROUBLE) * rubChange + demandShock;
        setF(row, m, logMarketK);
        const speed = f(row, p + S_SPEED);
        const r = oLogRatio + k * J;
        const china = f(row, r + CHINA);
        const west = f(row, r + WEST);
        const other = f(row, r + OTHER);
        const shareNoise = f(row, p + S_VOLATILITY) * f(uniforms, k);
        const newChina = china + speed * (f(targets, 3 * k) - china) + shareNoise;
        const newWest = west + speed * (f(targets, 3 * k + 1) - west);
        const newOther = other + speed * (f(targets, 3 * k + 2) - other);
        setF(row, r + CHINA, newChina);
        setF(row, r + OTHER, newOther);
        setF(uncappedWest, k, newWest);
        const e = E_SECTORS + E_PER_SECTOR * k;
        setF(exponentials, e + E_CHINA, newChina);
        setF(exponentials, e + E_OTHER, newOther);
        setF(exponentials, e + E_WEST, newWest);
        setF(exponentials, e + E_MARKET, logMarketK);
      }
      expInPlace(exponentials, exponentialCount);

      // shares (Western capped), imports
      let sectorImports: f64 = 0;
      let capped = 0;
      for (let k = 0; k < sectorCount; k++) {
        const e = E_SECTORS + E_PER_SECTOR * k;
        const chinaRatio = f(exponentials, e + E_CHINA);
        const otherRatio = f(exponentials, e + E_OTHER);
        const uncappedWestRatio = f(exponentials, e + E_WEST);
        const limit = odds * (1 + chinaRatio + otherRatio);
        const westRatio = uncappedWestRatio > limit ? limit : uncappedWestRatio;
        if (westRatio != uncappedWestRatio) {
          setN(cappedSectors, capped, k);
          setF(cappedLogs, capped++, westRatio);
        } else setF(row, oLogRatio + k * J + WEST, f(uncappedWest, k));
        const domesticShare = 1 / (1 + chinaRatio + westRatio + otherRatio);
        const chinaShare = chinaRatio * domesticShare;
        const s = FIRST_SHARE_SERIES + k * J;
        setF(out, (s + CHINA) * callYears * chunk + cell, chinaShare);
        setF(out, (s + WEST) * callYears * chunk + cell, westRatio * domesticShare);
        setF(out, (s + DOMESTIC) * callYears * chunk + cell, domesticShare);
        setF(out, (s + OTHER) * callYears * chunk + cell, otherRatio * domesticShare);
        sectorImports += f(exponentials, e + E_MARKET) * chinaShare * f(importContent, y * sectorCount + k);
      }
      for (let c = 0; c < capped; c++) setF(row, oLogRatio + n(cappedSectors, c) * J + WEST, log(f(cappedLogs, c)));

      // crude volume
      const observedCrude = f(observedCrudeVolume, y);
      if (observedCrude == observedCrude) crudeVolume = observedCrude;
      else if (crudeDynamics) {
        const capacity = crudeCapacity * f(exponentials, eCrude);
        crudeVolume = (crudeVolume + crudeCatchUp * (capacity - crudeVolume)) * f(exponentials, eCrude + 1);
      } else crudeVolume = crudeVolume + crudeCatchUp * (crudeCapacity - crudeVolume);

      const oilPrice = (pattern & PINNED_OIL) != 0 ? f(observedOil, y) : f(exponentials, E_OIL);
      const crudeValue = crudeVolume * crudeValuePerMtPerDollar * oilPrice;
      const otherEnergy = otherEnergy0 * f(exponentials, E_OTHER_ENERGY);
      const exportsValue = (crudeValue + otherEnergy + f(exponentials, E_NON_ENERGY)) * exportsFactor;
      const importsValue = (sectorImports + f(exponentials, E_OTHER_IMPORTS)) * importsJumpFactor;

      setF(out, SERIES_TURNOVER * callYears * chunk + cell, exportsValue + importsValue);
      setF(out, SERIES_EXPORTS * callYears * chunk + cell, exportsValue);
      setF(out, SERIES_IMPORTS * callYears * chunk + cell, importsValue);
      setF(out, SERIES_OIL_PRICE * callYears * chunk + cell, oilPrice);
      setF(out, SERIES_RUB_PER_CNY * callYears * chunk + cell, (pattern & PINNED_ROUBLE) != 0 ? f(observedRub, y) : f(exponentials, E_RUB));
      store<u8>(regimeOut + <usize>cell, <u8>regime);
    }

    setF(row, oLogOil, logOil);
    setF(row, oLogRub, logRub);
    setF(row, oCrudeVolume, crudeVolume);
    setF(row, oLogNonEnergy, logNonEnergy);
    setF(row, oLogOtherImports, logOtherImports);
    setF(row, oRegime, <f64>regime);
    setF(row, oJumpExports, jumpExports);
    setF(row, oJumpImports, jumpImports);
  }
}

/** u → 1 − u for `count` uniforms: exactly, since every uniform is (k + 0.5)·2^−32; Φ⁻¹(1 − u) = −Φ⁻¹(u) exactly. */
// @ts-ignore: decorator
@inline function mirrorInPlace(values: usize, count: i32): void {
  for (let i = 0; i < count; i++) setF(values, i, 1 - f(values, i));
}

/** Sector k's Armington target log-ratios for the price row at `priceRow` (armingtonTargetInto). */
function armingtonTargetInto(targets: usize, k: i32, row: usize, logPrice: usize, priceRow: i32, logBaseRatio: usize, capTestAbove: f64, capOdds: f64): void {
  const oneMinusElasticity = 1 - f(row, G + k * S + S_ELASTICITY);
  const b = k * J;
  const priceBase = priceRow + b;
  const logPriceDomestic = f(logPrice, priceBase + DOMESTIC);
  const targetChina = f(logBaseRatio, b + CHINA) + oneMinusElasticity * (f(logPrice, priceBase + CHINA) - logPriceDomestic);
  let targetWest = f(logBaseRatio, b + WEST) + oneMinusElasticity * (f(logPrice, priceBase + WEST) - logPriceDomestic);
  const targetOther = f(logBaseRatio, b + OTHER) + oneMinusElasticity * (f(logPrice, priceBase + OTHER) - logPriceDomestic);
  if (!(targetWest < capTestAbove)) {
    const ratios = expPair(f64x2.replace_lane(f64x2.splat(targetWest), 1, targetChina));
    const targetWestRatio = f64x2.extract_lane(ratios, 0);
    const chinaRatio = f64x2.extract_lane(ratios, 1);
    const otherRatio = exp(targetOther);
    const limit = capOdds * (1 + chinaRatio + otherRatio);
    const cappedTarget = targetWestRatio > limit ? limit : targetWestRatio;
    if (cappedTarget != targetWestRatio) targetWest = log(cappedTarget);
  }
  setF(targets, 3 * k, targetChina);
  setF(targets, 3 * k + 1, targetWest);
  setF(targets, 3 * k + 2, targetOther);
}

/** Draws a path's parameters from `uniforms`, derives its per-path constants and puts it at the origin (startPathInto). */
function startPathInto(row: usize, plan: usize, uniforms: usize, origin: usize, parameterCount: i32, sectorCount: i32): void {
  for (let i = 0; i < parameterCount; i++) setF(row, i, quantileOf(plan, i, f(uniforms, i)));
  const meanReversion = f(row, P_OIL_REVERSION);
  setF(row, parameterCount + L_LOG_OIL_LONG_RUN, log(f(row, P_OIL_LONG_RUN)));
  setF(row, parameterCount + L_OIL_PERSISTENCE, exp(-meanReversion));
  const varianceFactor = meanReversion > 1e-12 ? -expm1(-2 * meanReversion) / (2 * meanReversion) : 1;
  setF(row, parameterCount + L_OIL_INNOVATION, f(row, P_OIL_VOLATILITY) * sqrt<f64>(varianceFactor));
  setF(row, parameterCount + L_LOG_OIL, f(origin, ORIGIN_LOG_OIL));
  setF(row, parameterCount + L_LOG_RUB, f(origin, ORIGIN_LOG_RUB));
  setF(row, parameterCount + L_CRUDE_VOLUME, realField(plan, R_CRUDE_VOLUME_0));
  setF(row, parameterCount + L_LOG_NON_ENERGY, f(origin, ORIGIN_LOG_NON_ENERGY));
  setF(row, parameterCount + L_LOG_OTHER_IMPORTS, f(origin, ORIGIN_LOG_OTHER_IMPORTS));
  setF(row, parameterCount + L_REGIME, <f64>field(plan, I_INITIAL_REGIME));
  setF(row, parameterCount + L_JUMP_EXPORTS, 0);
  setF(row, parameterCount + L_JUMP_IMPORTS, 0);
  const logMarket = parameterCount + L_LOG_MARKET;
  const logRatio = logMarket + sectorCount;
  const initialLogRatio = field(plan, I_INITIAL_LOG_RATIO);
  for (let k = 0; k < sectorCount; k++) {
    setF(row, logMarket + k, f(origin, ORIGIN_LOG_MARKET + k));
    for (let j = 0; j < J; j++) setF(row, logRatio + k * J + j, f(initialLogRatio, k * J + j));
  }
}
