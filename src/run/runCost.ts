import { BETA_GUIDE_CELLS, BETA_QUANTILE_NODES, PATHS_PER_CHUNK, SCENARIO_SIZE_SECTORS, STREAM_MIN_PATHS } from '../core/defaults.js';
import type { ModelPlan } from '../core/modelPlan.js';
import { pathStateLayout } from '../core/pathStates.js';
import { BLOCK_STATISTICS } from '../core/summarise.js';
import { HEADLINE_SERIES } from '../core/simulationOutput.js';
import type { Scenario } from '../scenario/scenarioSchema.js';
import type { PreparedRun } from './preparedRun.js';
import type { Factor, MemoryEstimate, WorkCount } from './workCount.js';

/**
 * What a run of a scenario costs, from its plan: the pieces the work counts of simulations
 * and analyses are made of (workCount.ts says the units).
 *
 * Time: the engine's cost per path-year grows in proportion to the sectors (measured here:
 * 3.4 µs for 5 sectors, 5.6 µs for 10, 37 µs for 50, 145 µs for 200 — 0.7 µs a sector), so a
 * scenario counts as `sectors ÷ 5` path-years per path-year, and never less than one (the
 * macro part costs the same with fewer sectors).
 *
 * Memory: a path-year holds one Float64 per series (5 + 4 per sector) and a regime byte; a
 * path's state, between years, one Float64 per parameter and state variable; the plan, per
 * (year, regime, sector), the four suppliers' log prices and a class id.
 */

/** What the memory of a plan depends on: its dimensions, and the kind of each parameter's distribution (some are tabulated). */
export interface PlanShape extends Pick<ModelPlan, 'sectorNames' | 'regimeNames' | 'years'> {
  readonly distributions: readonly DistributionKind[];
}

interface DistributionKind {
  readonly dist: string;
  readonly values?: readonly unknown[];
}

/** A compiled plan's shape. */
export function shapeOf(plan: ModelPlan): PlanShape {
  return { ...plan, distributions: plan.parameters.map((slot) => slot.distribution) };
}

/** The shape of the plan a scenario would compile to, projected to `horizon`, without compiling it (for counting before a run is prepared). */
export function planShape(scenario: Scenario, horizon = scenario.horizon): PlanShape {
  return {
    sectorNames: Object.keys(scenario.sectors),
    regimeNames: Object.keys(scenario.regimes.states),
    years: Array.from({ length: Math.max(0, horizon - scenario.origin) }, (_, i) => scenario.origin + 1 + i),
    distributions: distributionsIn(scenario),
  };
}

/** Every distribution of a scenario: the objects with a `dist`, wherever they are. */
function distributionsIn(value: unknown): DistributionKind[] {
  if (typeof value !== 'object' || value === null) return [];
  if (typeof (value as { dist?: unknown }).dist === 'string') return [value as DistributionKind];
  return Object.values(value).flatMap(distributionsIn);
}

/** A scenario's size in shipped scenarios' worth of path-years: sectors ÷ 5, at least 1. */
export function scenarioSize(plan: Pick<ModelPlan, 'sectorNames'>): number {
  return Math.max(1, plan.sectorNames.length / SCENARIO_SIZE_SECTORS);
}

/** `[['scenario size (sectors ÷ 5)', size]]` when the scenario is larger than the shipped ones, else none (the messages stay short for them). */
export function sizeFactors(plan: Pick<ModelPlan, 'sectorNames'>): Factor[] {
  const size = scenarioSize(plan);
  return size > 1 ? [[`scenario size (sectors ÷ ${SCENARIO_SIZE_SECTORS})`, size]] : [];
}

/** Paths of one simulate task: PATHS_PER_CHUNK for the shipped scenarios, fewer for larger ones, so a task takes about as long whatever the scenario. */
export function pathsPerChunk(plan: Pick<ModelPlan, 'sectorNames'>): number {
  return Math.max(1, Math.floor(PATHS_PER_CHUNK / scenarioSize(plan)));
}

/** Series of a plan: the headline ones and four supplier shares per sector. */
export function seriesCount(plan: Pick<ModelPlan, 'sectorNames'>): number {
  return HEADLINE_SERIES.length + 4 * plan.sectorNames.length;
}

/** Bytes of the output of one path over `years` projected years: a Float64 per series, a regime byte. */
export function outputBytesPerPath(plan: Pick<ModelPlan, 'sectorNames'>, years: number): number {
  return years * (seriesCount(plan) * Float64Array.BYTES_PER_ELEMENT + 1);
}

/**
 * Bytes of the plan's tables and of what each engine call derives from them: log prices of 4
 * suppliers and a class id per (year, regime, sector), each parameter's compiled distribution
 * (a beta is tabulated, an empirical one sorted), and the summary and result.
 */
export function planBytes(plan: PlanShape): number {
  const cells = plan.years.length * plan.regimeNames.length * plan.sectorNames.length;
  const summary = seriesCount(plan) * plan.years.length * (BLOCK_STATISTICS * Float64Array.BYTES_PER_ELEMENT + RESULT_BYTES_PER_NUMBER * BLOCK_STATISTICS);
  const distributions = plan.distributions.reduce((sum, spec) => sum + distributionBytes(spec), 0);
  return cells * (4 * Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT) + summary + distributions;
}

/** A compiled distribution's numbers: a slot of 6, and a beta's table and guide or an empirical distribution's sorted copy. */
function distributionBytes(spec: DistributionKind): number {
  const slot = 6 * Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT;
  if (spec.dist === 'beta') return slot + BETA_QUANTILE_NODES * Float64Array.BYTES_PER_ELEMENT + BETA_GUIDE_CELLS * Int32Array.BYTES_PER_ELEMENT;
  if (spec.dist === 'empirical') return slot + (spec.values?.length ?? 0) * Float64Array.BYTES_PER_ELEMENT;
  return slot;
}

/** Bytes a number of a result takes as an object and as JSON text (a double, a property, ≈ 20 characters). */
const RESULT_BYTES_PER_NUMBER = 64;

/**
 * Bytes a run holds per path on one thread: every projected year of its output, or — from
 * STREAM_MIN_PATHS paths — one year and the path's state, and its slot in the percentile
 * workspace.
 */
export function runBytesPerPath(plan: Pick<ModelPlan, 'sectorNames' | 'years'>, paths: number, streaming = paths >= STREAM_MIN_PATHS): number {
  const years = plan.years.length;
  const held = streaming ? outputBytesPerPath(plan, 1) + pathStateLayout(plan).stride * Float64Array.BYTES_PER_ELEMENT : outputBytesPerPath(plan, years);
  return held + Float64Array.BYTES_PER_ELEMENT;
}

/** The memory of a run of `run.paths` paths, per path. */
export function runMemory(run: PreparedRun): MemoryEstimate {
  return { fixedBytes: planBytes(shapeOf(run.plan)), bytesPerUnit: runBytesPerPath(run.plan, run.paths) };
}

/** The work of a run: paths × projected years (× the scenario's size when larger than the shipped ones). */
export function simulationWork(run: PreparedRun): WorkCount {
  return { field: 'paths', value: run.paths, factors: [['projected years', run.plan.years.length], ...sizeFactors(run.plan)], memory: runMemory(run) };
}
