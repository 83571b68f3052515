import { DEFAULT_PATHS, DEFAULT_SAMPLING, DEFAULT_SEED, MAX_PATHS, MAX_PLAN_CELLS, MAX_SEED } from '../core/defaults.js';
import type { ModelPlan, Sampling } from '../core/modelPlan.js';
import { describeOutcome } from './outcomeWeights.js';
import type { CompiledOutcome, ObservationSummary } from '../scenario/compileObservations.js';
import { compilePlan, type CompiledTarget } from '../scenario/compilePlan.js';
import { historyBlock } from '../scenario/history.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { canonicalJson, sha256Hex } from '../scenario/sha256.js';

export interface RunOptions {
  readonly paths?: number;
  readonly seed?: number;
  readonly horizon?: number;
  readonly sampling?: Sampling;
}

/** Everything a run needs, checked and compiled; the same for any backend and thread count. */
export interface PreparedRun {
  readonly id: string;
  readonly resolved: ResolvedScenario;
  readonly plan: ModelPlan;
  readonly targets: readonly CompiledTarget[];
  /** observed outcomes the paths are conditioned on (empty: none) */
  readonly outcomes: readonly CompiledOutcome[];
  /** every observation, drivers and outcomes, as the result reports it */
  readonly observations: readonly ObservationSummary[];
  readonly paths: number;
  /**
   * the paths the run was prepared with, which its inputHash covers: an analysis may simulate
   * batches of another size from it (`{ ...run, paths }`), and a queue's worker re-prepares it
   * with these to check the hash
   */
  readonly preparedPaths: number;
  readonly seed: number;
  readonly horizon: number;
  readonly inputHash: string;
}

export type PrepareResult = { readonly ok: true; readonly run: PreparedRun } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/**
 * Checks the run options, compiles the plan and fixes the seed, path count and sampling
 * (caller, then the scenario's `run:` block, then the defaults), so the result can record them.
 * Antithetic pairs do not survive conditioning on an observed outcome (it resamples the paths
 * one by one), so the two are refused together; observed drivers are fine.
 */
export function prepareRun(resolved: ResolvedScenario, options: RunOptions = {}): PrepareResult {
  const { scenario } = resolved;
  const paths = options.paths ?? scenario.run?.paths ?? DEFAULT_PATHS;
  const seed = options.seed ?? scenario.run?.seed ?? DEFAULT_SEED;
  const sampling: Sampling = options.sampling ?? scenario.run?.sampling ?? DEFAULT_SAMPLING;
  const issues: ScenarioIssue[] = [];
  if (!Number.isInteger(paths) || paths < 1 || paths > MAX_PATHS) issues.push({ path: ['paths'], message: `expected a whole number from 1 to ${MAX_PATHS}, got ${paths}` });
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) issues.push({ path: ['seed'], message: `expected a whole number from 0 to ${MAX_SEED}, got ${seed}` });
  // the plan's tables grow with years × regimes × sectors: refused before they are built
  const years = (options.horizon ?? scenario.horizon) - scenario.origin;
  const regimes = Object.keys(scenario.regimes.states).length;
  const sectors = Object.keys(scenario.sectors).length;
  if (years * regimes * sectors > MAX_PLAN_CELLS) {
    const message = `${years} projected years × ${regimes} regimes × ${sectors} sectors = ${years * regimes * sectors} cells of prices to plan; at most ${MAX_PLAN_CELLS} are taken`;
    return { ok: false, issues: [...issues, { path: ['sectors'], message, ...resolved.locate(['sectors']) }] };
  }
  const compiled = compilePlan(scenario, resolved.history.years, {
    ...(options.horizon === undefined ? {} : { horizon: options.horizon }),
    ...(resolved.history.partialYear ? { partialYear: resolved.history.partialYear } : {}),
  });
  if (!compiled.ok) issues.push(...compiled.issues.map((issue) => ({ ...issue, ...resolved.locate(issue.path) })));
  if (compiled.ok && sampling === 'antithetic' && compiled.observations.outcomes.length > 0) {
    const first = compiled.observations.outcomes[0]!;
    issues.push({
      path: ['sampling'],
      message: `antithetic sampling pairs the paths, and conditioning on an observed outcome (${compiled.observations.outcomes.map(describeOutcome).join(', ')}) resamples them one by one, which breaks the pairs: use independent sampling with observed outcomes (observed drivers such as oilPrice are fine with either)`,
      ...resolved.locate(['observe', first.index]),
    });
  }
  if (issues.length > 0 || !compiled.ok) return { ok: false, issues };
  const horizon = compiled.plan.years[compiled.plan.years.length - 1]!;
  // the history as the result reports it: every number the run reads from the data, and its flags
  const history = historyBlock(resolved.history, compiled.plan.originYear);
  // independent runs hash as before sampling was an option, so their results keep their bytes
  const inputHash = sha256Hex(canonicalJson({ scenario, history, paths, seed, horizon, ...(sampling === DEFAULT_SAMPLING ? {} : { sampling }) }));
  const { outcomes, summaries } = compiled.observations;
  const plan = { ...compiled.plan, sampling };
  return { ok: true, run: { id: resolved.id, resolved, plan, targets: compiled.targets, outcomes, observations: summaries, paths, preparedPaths: paths, seed, horizon, inputHash } };
}

/** Progress of a run in paths. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
}
