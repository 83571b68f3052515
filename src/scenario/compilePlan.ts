import { DEFAULT_SAMPLING } from '../core/defaults.js';
import type { ModelPlan } from '../core/modelPlan.js';
import { seriesOf } from '../core/simulationOutput.js';
import { compileObservations, type CompiledObservations } from './compileObservations.js';
import type { HistoryYear } from './history.js';
import type { PartialYearRecord } from './parsePartialYear.js';
import { compileCorrelation } from './plan/correlation.js';
import { knobScope, type ReportProblem } from './plan/knobExpressions.js';
import { compileOriginLevels } from './plan/originLevels.js';
import { compileParameters } from './plan/parameters.js';
import { compileRegimes } from './plan/regimes.js';
import { planCalendar, stepScheduleValues, yearlyField } from './plan/schedules.js';
import { compilePrices, compileSectors } from './plan/sectors.js';
import { compileTargets, type CompiledTarget } from './plan/targets.js';
import type { Scenario } from './scenarioSchema.js';
import type { ScenarioIssue } from './scenarioIssue.js';

export type { CompiledTarget } from './plan/targets.js';

export type CompilePlanResult =
  | { readonly ok: true; readonly plan: ModelPlan; readonly targets: readonly CompiledTarget[]; readonly observations: CompiledObservations }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface CompileOptions {
  /** overrides the scenario's horizon (last projected year) */
  readonly horizon?: number;
  /** cumulative partial-year turnover (the history's data.partialYear), for January…months observations */
  readonly partialYear?: readonly PartialYearRecord[];
}

/**
 * Compiles a validated scenario and its history into the numeric plan the engine runs:
 * evaluates the knob expressions once, the `year` schedules once per projected year, checks
 * what needs numbers to check (probabilities, supports, positive definiteness, origin
 * consistency) and reports every problem with its field path. Each part of the plan is
 * compiled by a module of plan/, in this order (the order of the issues).
 */
export function compilePlan(scenario: Scenario, history: readonly HistoryYear[], options: CompileOptions = {}): CompilePlanResult {
  const issues: ScenarioIssue[] = [];
  const problem: ReportProblem = (path, message) => void issues.push({ path, message });

  const calendar = planCalendar(scenario.origin, options.horizon ?? scenario.horizon, problem);
  const { years } = calendar;
  const knobs = knobScope(scenario.knobs, problem);

  // — observations, then the step schedules (recyclingFee …) in each year, observations applied —
  const sectorNames = Object.keys(scenario.sectors);
  const seriesNames = seriesOf({ sectorNames }).map((s) => s.name);
  const regimeNames = Object.keys(scenario.regimes.states);
  const scheduleNames = Object.keys(scenario.schedules);
  const observed = compileObservations(scenario.observe, {
    origin: scenario.origin,
    years,
    regimeNames,
    seriesNames,
    correlation: scenario.correlation.matrix.flat(),
    schedules: scenario.schedules,
    ...(options.partialYear ? { partialYear: options.partialYear } : {}),
  });
  if (!observed.ok) issues.push(...observed.issues);
  const scheduleValues = scheduleNames.map((name) => stepScheduleValues(name, scenario.schedules[name]!, calendar, knobs, observed.ok ? observed.compiled.schedules.get(name) : undefined));
  const yearly = yearlyField(calendar, knobs, scheduleNames, scheduleValues, problem);

  const parameters = compileParameters(scenario, sectorNames, knobs, problem);
  const regimes = compileRegimes(scenario.regimes, regimeNames, knobs, problem);
  const correlationFactor = compileCorrelation(scenario.correlation, problem);
  const sectors = compileSectors(scenario.sectors, sectorNames, years, knobs, yearly);
  const logPrice = compilePrices({ regimeNames, ...regimes }, { sectorNames, ...sectors }, years, problem);
  const initial = compileOriginLevels(scenario, history, { sectorNames, ...sectors }, knobs, problem);
  const targets = compileTargets(scenario.targets, seriesNames, scenario.origin, problem);

  if (issues.length > 0 || !observed.ok) return { ok: false, issues };
  const plan: ModelPlan = {
    originYear: scenario.origin,
    years,
    sectorNames,
    regimeNames,
    initialRegime: regimes.initialRegime,
    transitionCumulative: regimes.transitionCumulative,
    westernCap: regimes.westernCap,
    logFrictionFactor: regimes.logFrictionFactor,
    entryJumpExports: regimes.entryJumpExports,
    entryJumpImports: regimes.entryJumpImports,
    logPrice,
    logBaseRatio: sectors.logBaseRatio,
    initialLogRatio: sectors.initialLogRatio,
    initialMarket: sectors.initialMarket,
    importContent: sectors.importContent,
    correlationFactor,
    observed: observed.compiled.observed,
    shockConditioning: observed.compiled.shockConditioning,
    initial,
    parameters,
    sampling: DEFAULT_SAMPLING,
  };
  return { ok: true, plan, targets, observations: observed.compiled };
}
