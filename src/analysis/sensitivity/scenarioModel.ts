import type { AnalysisContext } from '../analysisContext.js';
import { SENSITIVITY_PATHS_PER_BATCH } from '../defaults.js';
import { scenarioSize } from '../../run/runCost.js';
import type { OutputReader } from '../outputSelector.js';
import type { PreparedRun } from '../../run/preparedRun.js';
import type { BatchModel, FactorColumns } from './batchModel.js';

/** How per-sector parameters enter the analysis: one factor each, or one group per sector. */
export type Grouping = 'parameter' | 'sector';

/** A factor of the scenario model: uncertain parameters, a sector's group of them, or the shocks. */
export interface ScenarioFactor extends FactorColumns {
  readonly kind: 'parameter' | 'group' | 'shocks';
  /** the scenario parameters it moves (`oil.volatility`, `sectors.cars.adjustmentSpeed`, …) */
  readonly parameters: readonly string[];
}

export interface ScenarioModel extends BatchModel {
  /** false once the analysis's signal (or the runner closing) stopped a simulation */
  evaluate(points: Float64Array, rows: number, into: Float64Array, offset: number): Promise<boolean>;
  readonly factors: readonly ScenarioFactor[];
  /** the design column that holds the shock key (a uniform mapped to a path key) */
  readonly shockColumn: number;
  /** shock paths averaged per evaluation */
  readonly innerPaths: number;
}

/**
 * How the yearly shocks enter: `factor` — the shock column is an input like the parameters;
 * `held` — each row's shock column picks its shock paths but is never moved (Morris: one set
 * of shock paths per trajectory); `common` — every row averages the same shock paths.
 */
export type ShockTreatment = 'factor' | 'held' | 'common';

export interface ScenarioModelOptions {
  readonly grouping: Grouping;
  /** shock paths averaged per evaluation (1: the output of a single path) */
  readonly innerPaths: number;
  readonly shocks: ShockTreatment;
}

/**
 * The scenario as a function of the unit hypercube, for the sensitivity estimators.
 *
 * Columns: one per uncertain parameter of the plan (non-fixed distribution, in the plan's draw
 * order), then one shock column. A row's uniforms set the parameters through their quantile
 * functions (`parameterUniforms` of the engine); fixed parameters are left at their value.
 * Shocks are not parameters, and are treated in one of two documented ways:
 * - `factor` (one inner path): the shock column's uniform becomes the path key, so the
 *   whole stream of yearly shocks (oil, rouble, demand, exports, regimes, shares) is one more
 *   input, "shocks", whose indices say how much of the output's variance is irreducible
 *   randomness rather than parameter uncertainty — the seed-as-input view of a stochastic
 *   simulator (Zhu & Sudret, "Global sensitivity analysis for stochastic simulators based on
 *   generalized lambda surrogate models", Reliab. Eng. Syst. Saf. 214:107815, 2021).
 * - `common`: each evaluation averages `innerPaths` shock paths, the same keys for every row of
 *   a Sobol design (common random numbers), so the output is a deterministic function of the parameters: the mean of a
 *   series, or a target's probability, given the parameters — and the indices apportion the
 *   parameter uncertainty about that mean or probability.
 * In a Morris design (`held`) each trajectory holds its own shock key (see morrisDesign), so an
 * elementary effect compares two parameter points on the same shocks.
 */
export function createScenarioModel(run: PreparedRun, reader: OutputReader, options: ScenarioModelOptions, context: AnalysisContext): ScenarioModel {
  const parameterCount = run.plan.parameters.length;
  const uncertain = uncertainSlots(run);
  const columns = uncertain.length + 1;
  const shockColumn = uncertain.length;
  const factors = scenarioFactors(run, options.grouping, options.shocks);

  const innerPaths = options.innerPaths;
  const rowsPerBatch = sensitivityBatchRows(run, innerPaths);
  const batchPaths = rowsPerBatch * innerPaths;
  const keyed = options.shocks !== 'common';
  /** a batch's inputs to the engine; one set per batch in flight */
  const lanes: { readonly parameterUniforms: Float64Array; readonly pathKeys: Uint32Array }[] = [];
  const lane = (i: number) =>
    (lanes[i] ??= {
      parameterUniforms: new Float64Array(batchPaths * parameterCount).fill(0.5), // fixed parameters ignore their uniform
      pathKeys: new Uint32Array(batchPaths),
    });

  return {
    columns,
    factors,
    shockColumn,
    innerPaths,
    async evaluate(points, rows, into, offset) {
      const starts: number[] = [];
      for (let from = 0; from < rows; from += rowsPerBatch) starts.push(from);
      let next = 0;
      let stopped = false;
      // batches in flight at once as the runner finds worth it (one here, many on a queue); each writes its own rows
      const drain = async (laneIndex: number) => {
        const { parameterUniforms, pathKeys } = lane(laneIndex);
        while (next < starts.length && !stopped) {
          const from = starts[next++]!;
          const count = Math.min(rowsPerBatch, rows - from);
          for (let r = 0; r < count; r++) {
            const row = (from + r) * columns;
            // a keyed row's shocks follow its shock uniform; otherwise every row shares keys 0…M−1
            const base = keyed ? Math.floor(points[row + shockColumn]! * 0x1_0000_0000) : 0;
            for (let m = 0; m < innerPaths; m++) {
              const path = r * innerPaths + m;
              const target = path * parameterCount;
              for (let c = 0; c < uncertain.length; c++) parameterUniforms[target + uncertain[c]!] = points[row + c]!;
              pathKeys[path] = (base + m) >>> 0;
            }
          }
          const paths = count * innerPaths;
          const simulated = await context.runner.simulate({ ...run, paths }, context.signal ? { signal: context.signal } : {}, {
            parameterUniforms: parameterUniforms.subarray(0, paths * parameterCount),
            pathKeys: pathKeys.subarray(0, paths),
          });
          if (!simulated.ok) {
            stopped = true;
            return;
          }
          const { output } = simulated;
          for (let r = 0; r < count; r++) {
            let sum = 0;
            for (let m = 0; m < innerPaths; m++) sum += reader.read(output, r * innerPaths + m);
            into[offset + from + r] = sum / innerPaths;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(starts.length, context.runner.runsInFlight)) }, (_, i) => drain(i)));
      return !stopped;
    },
  };
}

/**
 * Design rows simulated in one call of the engine: SENSITIVITY_PATHS_PER_BATCH simulated paths
 * for the shipped scenarios, proportionally fewer for larger ones (the batch's output grows
 * with the sectors); at least one row. The rows of a batch do not touch each other's numbers,
 * so the batch size never changes a result.
 */
export function sensitivityBatchRows(run: PreparedRun, innerPaths: number): number {
  return Math.max(1, Math.floor(SENSITIVITY_PATHS_PER_BATCH / (innerPaths * scenarioSize(run.plan))));
}

/** Columns of the scenario model's design: one per uncertain parameter, and the shock column. */
export function designColumns(run: PreparedRun): number {
  return uncertainSlots(run).length + 1;
}

/**
 * The factors of the scenario model, without building it: one per uncertain parameter, or
 * per-sector parameters grouped by sector, then "shocks" when they are a factor.
 */
export function scenarioFactors(run: PreparedRun, grouping: Grouping, shocks: ShockTreatment): ScenarioFactor[] {
  const uncertain = uncertainSlots(run);
  const factors = parameterFactors(run, uncertain, grouping);
  if (shocks === 'factor') factors.push({ name: 'shocks', kind: 'shocks', parameters: [], columns: [uncertain.length] });
  return factors;
}

/** The plan's parameters that are not fixed, in draw order: one design column each. */
function uncertainSlots(run: PreparedRun): number[] {
  return run.plan.parameters.flatMap((slot, i) => (slot.distribution.dist === 'fixed' ? [] : [i]));
}

/** One factor per uncertain parameter, or per-sector parameters grouped by sector. */
function parameterFactors(run: PreparedRun, uncertain: readonly number[], grouping: Grouping): ScenarioFactor[] {
  const { plan } = run;
  const factors: ScenarioFactor[] = [];
  const groups = new Map<string, ScenarioFactor & { columns: number[]; parameters: string[] }>();
  uncertain.forEach((slot, column) => {
    const name = plan.parameters[slot]!.name;
    const sector = grouping === 'sector' ? /^sectors\.([^.]+)\./.exec(name)?.[1] : undefined;
    if (sector === undefined) {
      factors.push({ name, kind: 'parameter', parameters: [name], columns: [column] });
      return;
    }
    const key = `sectors.${sector}`;
    let group = groups.get(key);
    if (!group) {
      group = { name: key, kind: 'group', parameters: [], columns: [] };
      groups.set(key, group);
      factors.push(group);
    }
    group.parameters.push(name);
    group.columns.push(column);
  });
  // a group of one parameter is a parameter (its direction is known)
  return factors.map((f) => (f.kind === 'group' && f.columns.length === 1 ? { ...f, kind: 'parameter', name: f.parameters[0]! } : f));
}
