import { parameterCountOf, SUPPLIER_COUNT, type ModelPlan } from './modelPlan.js';

/**
 * Where each path's parameters and state live between calls that split a run's years (so a
 * large run can be simulated and summarised one year at a time). One row of
 * `stride` numbers per path, at `values[path·stride …]`; its layout is `pathStateLayout`.
 * Float64 throughout, so resuming a path gives the same bits as running it in one go.
 */
export interface PathStates {
  readonly paths: number;
  readonly stride: number;
  readonly values: Float64Array;
}

/** Offsets within a path's row (they depend on the plan's number of sectors). */
export interface PathStateLayout {
  readonly stride: number;
  /** the per-path parameter draws, GLOBAL_PARAMETERS, SECTOR_PARAMETERS by sector, LATER_PARAMETERS */
  readonly parameters: number;
  readonly logOilLongRun: number;
  readonly oilPersistence: number;
  readonly oilInnovation: number;
  readonly logOil: number;
  readonly logRub: number;
  readonly crudeVolume: number;
  readonly logNonEnergy: number;
  readonly logOtherImports: number;
  readonly regime: number;
  readonly jumpExports: number;
  readonly jumpImports: number;
  /** K: ln of each sector's market, US$ bn */
  readonly logMarket: number;
  /** K×J: ln(s_{k,j} / s_{k,domestic}) */
  readonly logRatio: number;
}

/** The row layout for `plan`. */
export function pathStateLayout(plan: Pick<ModelPlan, 'sectorNames'>): PathStateLayout {
  const sectors = plan.sectorNames.length;
  const parameterCount = parameterCountOf(sectors);
  const scalars = parameterCount;
  const logMarket = scalars + 11;
  const logRatio = logMarket + sectors;
  return {
    stride: logRatio + sectors * SUPPLIER_COUNT,
    parameters: 0,
    logOilLongRun: scalars,
    oilPersistence: scalars + 1,
    oilInnovation: scalars + 2,
    logOil: scalars + 3,
    logRub: scalars + 4,
    crudeVolume: scalars + 5,
    logNonEnergy: scalars + 6,
    logOtherImports: scalars + 7,
    regime: scalars + 8,
    jumpExports: scalars + 9,
    jumpImports: scalars + 10,
    logMarket,
    logRatio,
  };
}

/**
 * Allocates the state rows of `paths` paths (≈ 0.6 KB a path for the shipped scenarios). Pass a
 * buffer factory (e.g. SharedArrayBuffer for worker threads) to choose where the memory lives.
 */
export function createPathStates(plan: Pick<ModelPlan, 'sectorNames'>, paths: number, allocate: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes)): PathStates {
  const { stride } = pathStateLayout(plan);
  return { paths, stride, values: new Float64Array(allocate(paths * stride * Float64Array.BYTES_PER_ELEMENT)) };
}
