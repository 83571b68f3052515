import { SUPPLIERS, type ModelPlan } from './modelPlan.js';

/** Series every run produces, before the per-sector shares (names of the result contract, docs/cli.md). */
export const HEADLINE_SERIES = [
  { name: 'turnover', unit: 'USD bn' },
  { name: 'exportsToChina', unit: 'USD bn' },
  { name: 'importsFromChina', unit: 'USD bn' },
  { name: 'oilPrice', unit: 'USD/bbl' },
  { name: 'rubPerCny', unit: 'RUB/CNY' },
] as const;

export const SERIES_TURNOVER = 0;
export const SERIES_EXPORTS = 1;
export const SERIES_IMPORTS = 2;
export const SERIES_OIL_PRICE = 3;
export const SERIES_RUB_PER_CNY = 4;
export const FIRST_SHARE_SERIES = HEADLINE_SERIES.length;

export interface SeriesInfo {
  readonly name: string;
  readonly unit: string;
}

/** Names and units of a plan's series: the headline ones, then `share.<sector>.<supplier>`. */
export function seriesOf(plan: Pick<ModelPlan, 'sectorNames'>): readonly SeriesInfo[] {
  const shares = plan.sectorNames.flatMap((sector) => SUPPLIERS.map((supplier) => ({ name: `share.${sector}.${supplier}`, unit: 'fraction' })));
  return [...HEADLINE_SERIES, ...shares];
}

/**
 * Raw per-path results, year-major within each series: the value of series s in year y on
 * path p is `values[s][y·paths + p]`, so one year of one series is a contiguous block.
 * `regime[y·paths + p]` is the regime index in force.
 */
export interface SimulationOutput {
  readonly paths: number;
  readonly yearCount: number;
  readonly series: readonly SeriesInfo[];
  readonly values: readonly Float64Array[];
  readonly regime: Uint8Array;
}

/**
 * Allocates the output of `paths` paths. Pass a buffer factory (e.g. one making
 * SharedArrayBuffers for worker threads) to choose where the memory lives.
 */
export function createSimulationOutput(
  plan: Pick<ModelPlan, 'sectorNames' | 'years'>,
  paths: number,
  allocate: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): SimulationOutput {
  const series = seriesOf(plan);
  const yearCount = plan.years.length;
  const cells = yearCount * paths;
  return {
    paths,
    yearCount,
    series,
    values: series.map(() => new Float64Array(allocate(cells * Float64Array.BYTES_PER_ELEMENT))),
    regime: new Uint8Array(allocate(cells)),
  };
}
