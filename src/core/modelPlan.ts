import type { Distribution } from './distribution.js';

/**
 * The model, compiled to numbers (docs/model.md): what the engine needs, and nothing it would have
 * to look up or evaluate inside the per-path loop. Built by `src/scenario/compilePlan.ts` from
 * a validated scenario; plain data, so it can be sent to a worker thread or a Web Worker.
 */

/** Suppliers of every sector, in index order. Shares are kept as log-ratios to `domestic`. */
export const SUPPLIERS = ['china', 'west', 'domestic', 'other'] as const;
export type Supplier = (typeof SUPPLIERS)[number];
export const SUPPLIER_CHINA = 0;
export const SUPPLIER_WEST = 1;
export const SUPPLIER_DOMESTIC = 2;
export const SUPPLIER_OTHER = 3;
export const SUPPLIER_COUNT = SUPPLIERS.length;

/** Correlated shocks, in the order of the correlation matrix. */
export const SHOCKS = ['oil', 'rouble', 'demand', 'exports'] as const;
export type Shock = (typeof SHOCKS)[number];
export const SHOCK_COUNT = SHOCKS.length;

/** Per-path parameters that are not tied to a sector, in draw order. */
export const GLOBAL_PARAMETERS = [
  'oil.longRunPrice',
  'oil.meanReversion',
  'oil.volatility',
  'rouble.drift',
  'rouble.volatility',
  'exports.crudeCapacity',
  'exports.crudeCatchUp',
  'exports.otherEnergyOilElasticity',
  'exports.nonEnergyGrowth',
  'exports.nonEnergyVolatility',
  'imports.otherGoodsGrowth',
  'demand.volatility',
] as const;
export type GlobalParameter = (typeof GLOBAL_PARAMETERS)[number];

/**
 * Per-path parameters added in model v2, drawn after every sector's (so a scenario that leaves
 * them at their default of 0 draws every other parameter from the same uniforms as before).
 */
export const LATER_PARAMETERS = ['exports.crudeVolatility', 'exports.crudeCapacityGrowth', 'imports.roubleElasticity'] as const;
export type LaterParameter = (typeof LATER_PARAMETERS)[number];

/** Per-path parameters of each sector, in draw order after the global ones. */
export const SECTOR_PARAMETERS = ['marketGrowth', 'roubleElasticity', 'substitutionElasticity', 'adjustmentSpeed', 'shareVolatility'] as const;
export type SectorParameter = (typeof SECTOR_PARAMETERS)[number];

/** Index of a global parameter in the per-path parameter vector. */
export function globalParameterIndex(name: GlobalParameter): number {
  return GLOBAL_PARAMETERS.indexOf(name);
}

/** Index of a later parameter in the per-path parameter vector of a plan with `sectors` sectors. */
export function laterParameterIndex(name: LaterParameter, sectors: number): number {
  return GLOBAL_PARAMETERS.length + sectors * SECTOR_PARAMETERS.length + LATER_PARAMETERS.indexOf(name);
}

/** Number of per-path parameters of a plan with `sectors` sectors. */
export function parameterCountOf(sectors: number): number {
  return GLOBAL_PARAMETERS.length + sectors * SECTOR_PARAMETERS.length + LATER_PARAMETERS.length;
}

export interface ParameterSlot {
  /** e.g. `oil.longRunPrice` or `sectors.cars.substitutionElasticity` */
  readonly name: string;
  readonly unit: string;
  readonly distribution: Distribution;
}

/** Starting state at the origin year (the last year of history). */
export interface InitialState {
  /** China's import unit value of Russian crude, US$/bbl */
  readonly oilPrice: number;
  /** RUB per CNY */
  readonly rubPerCny: number;
  /** Russian crude into China, Mt/yr */
  readonly crudeVolume: number;
  /** pipeline gas, LNG, coal and oil products into China, US$ bn */
  readonly otherEnergyExports: number;
  /** Russia's non-energy exports to China, US$ bn (the rest of the origin-year total) */
  readonly nonEnergyExports: number;
  /** Russia's imports from China outside the modelled sectors, US$ bn (the rest of the total) */
  readonly otherImports: number;
}

/**
 * Drivers observed in projected years: on every path they take the observed value in that
 * year, and later years evolve from it. Y entries each; NaN (−1 for the regime) where nothing
 * is observed.
 */
export interface ObservedDrivers {
  /** China's import unit value of Russian crude, US$/bbl */
  readonly oilPrice: Float64Array;
  /** RUB per CNY */
  readonly rubPerCny: Float64Array;
  /** Russian crude into China, Mt/yr */
  readonly crudeVolume: Float64Array;
  /** index into `regimeNames` */
  readonly regime: Int32Array;
}

/**
 * How a run's paths draw their random numbers. `independent`: each path its own. `antithetic`:
 * paths 2i and 2i + 1 (random keys k and k ^ 1) share the draws of key k >>> 1, and the odd one
 * takes 1 − u for every uniform — so each of its yearly normal shocks is exactly the negation of
 * its partner's, its regime step the opposite end of the same draw, and each parameter the
 * opposite quantile of its distribution (antithetic variates: Hammersley & Morton 1956;
 * Glasserman, "Monte Carlo Methods in Financial Engineering", 2003, §4.2). A pair's mean then
 * varies less than two independent paths' (measured: docs/performance.md). Parameter uniforms
 * given by a design (sensitivity) are used as given.
 */
export const SAMPLINGS = ['independent', 'antithetic'] as const;
export type Sampling = (typeof SAMPLINGS)[number];

/** Shock conditioning patterns: which of (oil, rouble) an observation pins in a year, as bits. */
export const PINNED_OIL = 1;
export const PINNED_ROUBLE = 2;
/** Numbers per pattern in `ModelPlan.shockConditioning`: the 4×4 A, then the 4×4 B of conditionalShocks. */
export const CONDITIONING_STRIDE = 2 * 16;

export interface ModelPlan {
  /** Last year of history; the projection starts the year after. */
  readonly originYear: number;
  /** Projected calendar years, origin + 1 … horizon. */
  readonly years: readonly number[];
  readonly sectorNames: readonly string[];
  readonly regimeNames: readonly string[];
  /** Regime in force at the origin. */
  readonly initialRegime: number;
  /** R×R, row r: cumulative transition probabilities from regime r (last entry 1). */
  readonly transitionCumulative: Float64Array;
  /** R: availability cap on the Western share of every sector (fraction). */
  readonly westernCap: Float64Array;
  /** R: ln((1 − φ_r)/(1 − φ_origin)), the payment-friction factor on bilateral trade. */
  readonly logFrictionFactor: Float64Array;
  /** R: log jump applied to exports (resp. imports) on entering the regime. */
  readonly entryJumpExports: Float64Array;
  readonly entryJumpImports: Float64Array;
  /**
   * ln of the effective price of supplier j in sector k, year y, regime r:
   * ln(1 + τ_{k,j,y}) + ln(1 + ω_{r,k,j}) (+ ln(1 + φ_r) for China), at
   * index ((y·R + r)·K + k)·J + j.
   */
  readonly logPrice: Float64Array;
  /** K×J: ln(b_{k,j} / b_{k,domestic}), Armington base weights from pre-shock shares. */
  readonly logBaseRatio: Float64Array;
  /** K×J: ln(s_{k,j} / s_{k,domestic}) at the origin. */
  readonly initialLogRatio: Float64Array;
  /** K: sector market at the origin, US$ bn. */
  readonly initialMarket: Float64Array;
  /** Y×K: fraction of the China-supplied market that is imported from China, at index y·K + k. */
  readonly importContent: Float64Array;
  /** 4×4 row-major lower-triangular Cholesky factor of the shock correlation matrix. */
  readonly correlationFactor: Float64Array;
  readonly observed: ObservedDrivers;
  /**
   * For each pattern p = PINNED_OIL | PINNED_ROUBLE (1–3) at p·CONDITIONING_STRIDE: the year's
   * shocks given the pinned ones, ε = A·ε_pinned + B·z (see core/conditionalShocks.ts).
   */
  readonly shockConditioning: Float64Array;
  readonly initial: InitialState;
  /** GLOBAL_PARAMETERS, then SECTOR_PARAMETERS for each sector, then LATER_PARAMETERS. */
  readonly parameters: readonly ParameterSlot[];
  /** how the paths draw their random numbers (a run option, fixed with the plan) */
  readonly sampling: Sampling;
}
