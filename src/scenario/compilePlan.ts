import { choleskyFactor } from '../core/choleskyFactor.js';
import { BARRELS_PER_TONNE, DEFAULT_SAMPLING, PROBABILITY_SUM_TOLERANCE } from '../core/defaults.js';
import type { Distribution } from '../core/distribution.js';
import {
  GLOBAL_PARAMETERS,
  LATER_PARAMETERS,
  SECTOR_PARAMETERS,
  SHOCK_COUNT,
  SUPPLIER_CHINA,
  SUPPLIER_COUNT,
  SUPPLIERS,
  type ModelPlan,
  type ParameterSlot,
} from '../core/modelPlan.js';
import { supportOf } from '../core/quantileFunction.js';
import { seriesOf } from '../core/simulationOutput.js';
import { compileObservations, type CompiledObservations } from './compileObservations.js';
import { compileExpression, type CompiledExpression } from './expression.js';
import type { HistoryYear } from './history.js';
import type { PartialYearRecord } from './parsePartialYear.js';
import type { DistributionInput, Scenario } from './scenarioSchema.js';
import type { ScenarioIssue } from './scenarioIssue.js';
import { log } from '../core/log.js';
import { log1p } from '../core/log1p.js';

/** A target compiled to a per-path test. */
export interface CompiledTarget {
  readonly id: string;
  readonly label: string;
  readonly year: number;
  readonly expression: CompiledExpression;
  /** index of each of `expression.symbols` among the plan's series */
  readonly seriesIndex: readonly number[];
}

export type CompilePlanResult =
  | { readonly ok: true; readonly plan: ModelPlan; readonly targets: readonly CompiledTarget[]; readonly observations: CompiledObservations }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

type Path = readonly (string | number)[];

/** Units and admissible range of each per-path parameter, by its name in the scenario. */
const GLOBAL_RULES: Readonly<Record<(typeof GLOBAL_PARAMETERS)[number], ParameterRule>> = {
  'oil.longRunPrice': { unit: 'USD/bbl', min: 0, minExclusive: true },
  'oil.meanReversion': { unit: '1/yr', min: 0 },
  'oil.volatility': { unit: 'log/yr', min: 0 },
  'rouble.drift': { unit: 'log/yr' },
  'rouble.volatility': { unit: 'log/yr', min: 0 },
  'exports.crudeCapacity': { unit: 'Mt/yr', min: 0 },
  'exports.crudeCatchUp': { unit: 'fraction/yr', min: 0, max: 1 },
  'exports.otherEnergyOilElasticity': { unit: 'elasticity' },
  'exports.nonEnergyGrowth': { unit: 'log/yr' },
  'exports.nonEnergyVolatility': { unit: 'log/yr', min: 0 },
  'imports.otherGoodsGrowth': { unit: 'log/yr' },
  'demand.volatility': { unit: 'log/yr', min: 0 },
};

/** Parameters of model v2, drawn after the sectors'; a scenario without them gets `fixed 0`, which is model v1. */
const LATER_RULES: Readonly<Record<(typeof LATER_PARAMETERS)[number], ParameterRule>> = {
  'exports.crudeVolatility': { unit: 'log/yr', min: 0, max: 1 },
  'exports.crudeCapacityGrowth': { unit: 'log/yr' },
  'imports.roubleElasticity': { unit: 'elasticity' },
};

const SECTOR_RULES: Readonly<Record<(typeof SECTOR_PARAMETERS)[number], ParameterRule>> = {
  marketGrowth: { unit: 'log/yr' },
  roubleElasticity: { unit: 'elasticity' },
  // σ < 1 would make suppliers complements: a sanctions wedge would raise the Western share of spending.
  substitutionElasticity: { unit: 'elasticity', min: 1, max: 50 },
  // above 1 the log-ratio overshoots its target; above 2 it diverges.
  adjustmentSpeed: { unit: 'fraction/yr', min: 0, max: 1 },
  shareVolatility: { unit: 'log-ratio/yr', min: 0, max: 2 },
};

/** A parameter a scenario leaves out: no effect, model v1. */
const NONE: DistributionInput = { dist: 'fixed', value: 0, source: 'default: 0 (model v1)' };

interface ParameterRule {
  readonly unit: string;
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
}

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
 * consistency) and reports every problem with its field path.
 */
export function compilePlan(scenario: Scenario, history: readonly HistoryYear[], options: CompileOptions = {}): CompilePlanResult {
  const issues: ScenarioIssue[] = [];
  const problem = (path: Path, message: string): void => void issues.push({ path, message });

  const horizon = options.horizon ?? scenario.horizon;
  const years: number[] = [];
  for (let year = scenario.origin + 1; year <= horizon; year++) years.push(year);
  if (years.length === 0) problem(['horizon'], `horizon ${horizon} must be after origin ${scenario.origin}`);
  /** the origin year, then the projected years: where fields that change by year are evaluated */
  const calendar = [scenario.origin, ...years];

  // — knobs, then every expression of the knobs —
  const knobNames = Object.keys(scenario.knobs);
  const knobValues = knobNames.map((name) => scenario.knobs[name]!.value);
  const knobIndex = new Map(knobNames.map((name, i) => [name, i]));
  const knownKnobs = `${knobNames.join(', ') || '(no knobs)'}`;
  const numberAt = (value: number | string, path: Path, check?: (v: number) => string | null): number => {
    let result: number;
    if (typeof value === 'number') result = value;
    else {
      const compiled = compileExpression(value, (name) => knobIndex.has(name), knownKnobs);
      if (!compiled.ok) {
        problem(path, compiled.message);
        return NaN;
      }
      const { symbols, evaluate } = compiled.expression;
      result = evaluate(symbols.map((s) => knobValues[knobIndex.get(s)!]!));
    }
    if (!Number.isFinite(result)) {
      problem(path, `evaluates to ${result}; expected a finite number`);
      return NaN;
    }
    const complaint = check?.(result);
    if (complaint) {
      problem(path, `${complaint} (got ${result})`);
      return NaN; // reported: later checks that use it stay quiet
    }
    return result;
  };
  // — step schedules (recyclingFee …): their value in each projected year, observations applied —
  const sectorNames = Object.keys(scenario.sectors);
  const seriesNames = seriesOf({ sectorNames }).map((s) => s.name);
  const regimeNames = Object.keys(scenario.regimes.states);
  const flat = scenario.correlation.matrix.flat();
  const scheduleNames = Object.keys(scenario.schedules);
  const observed = compileObservations(scenario.observe, {
    origin: scenario.origin,
    years,
    regimeNames,
    seriesNames,
    correlation: flat,
    schedules: scenario.schedules,
    ...(options.partialYear ? { partialYear: options.partialYear } : {}),
  });
  if (!observed.ok) issues.push(...observed.issues);
  const scheduleValues = scheduleNames.map((name) => stepScheduleValues(name, observed.ok ? observed.compiled.schedules.get(name) : undefined));

  /** A schedule's value in the origin year and each projected year (`calendar`). */
  function stepScheduleValues(name: string, observedValues: Float64Array | undefined): Float64Array {
    const steps = Object.entries(scenario.schedules[name]!.steps)
      .map(([year, value]) => ({ year: Number(year), value: numberAt(value, ['schedules', name, 'steps', year]) }))
      .sort((a, b) => a.year - b.year);
    const values = new Float64Array(calendar.length);
    let step = -1;
    let setByObservation = NaN;
    calendar.forEach((year, c) => {
      while (step + 1 < steps.length && steps[step + 1]!.year <= year) {
        step++;
        if (steps[step]!.year === year) setByObservation = NaN; // a step in this year ends an earlier observation's reach
      }
      // an observation (of a projected year, c − 1) holds from its year until the schedule's next step
      const seen = c > 0 && observedValues ? observedValues[c - 1]! : NaN;
      if (seen === seen) setByObservation = seen;
      values[c] = setByObservation === setByObservation ? setByObservation : step >= 0 ? steps[step]!.value : 0;
    });
    return values;
  }

  /** A field that may change by year: its value in the origin year, then in each projected year (`calendar`). */
  const scheduleAt = (value: number | string, path: Path, check: (v: number) => string | null): number[] => {
    if (typeof value === 'number') {
      const v = numberAt(value, path, check);
      return calendar.map(() => v);
    }
    // `origin` lets a schedule be written relative to the last year of data, so that re-basing
    // the scenario on a newer year moves the schedule with it
    const isSchedule = (name: string) => scheduleNames.includes(name);
    const compiled = compileExpression(
      value,
      (name) => name === 'year' || name === 'origin' || knobIndex.has(name) || isSchedule(name),
      `year, origin, ${knownKnobs}${scheduleNames.length > 0 ? `, schedules ${scheduleNames.join(', ')}` : ''}`,
    );
    if (!compiled.ok) {
      problem(path, compiled.message);
      return calendar.map(() => NaN);
    }
    const { symbols, evaluate } = compiled.expression;
    const scope = symbols.map((s) => (s === 'year' ? 0 : s === 'origin' ? scenario.origin : isSchedule(s) ? 0 : knobValues[knobIndex.get(s)!]!));
    const yearSlot = symbols.indexOf('year');
    const scheduleSlots = symbols.flatMap((s, slot) => (isSchedule(s) ? [{ slot, values: scheduleValues[scheduleNames.indexOf(s)]! }] : []));
    const values: number[] = [];
    for (const [c, year] of calendar.entries()) {
      if (yearSlot >= 0) scope[yearSlot] = year;
      for (const { slot, values: schedule } of scheduleSlots) scope[slot] = schedule[c]!;
      const v = evaluate(scope);
      const complaint = Number.isFinite(v) ? check(v) : `evaluates to ${v}; expected a finite number`;
      if (complaint) {
        problem(path, `${complaint} in ${year} (got ${v})`);
        return years.map(() => NaN);
      }
      values.push(v);
    }
    return values;
  };

  // — per-path parameters —
  const parameters: ParameterSlot[] = [];
  for (const name of GLOBAL_PARAMETERS) {
    const [group, key] = name.split('.') as [keyof Scenario, string];
    const spec = (scenario[group] as Record<string, DistributionInput>)[key]!;
    parameters.push({ name, unit: GLOBAL_RULES[name].unit, distribution: distributionAt(spec, [group, key], GLOBAL_RULES[name]) });
  }
  for (const sectorName of sectorNames) {
    const sector = scenario.sectors[sectorName]!;
    for (const key of SECTOR_PARAMETERS) {
      const path = ['sectors', sectorName, key];
      parameters.push({ name: path.join('.'), unit: SECTOR_RULES[key].unit, distribution: distributionAt(sector[key], path, SECTOR_RULES[key]) });
    }
  }
  for (const name of LATER_PARAMETERS) {
    const [group, key] = name.split('.') as ['exports' | 'imports', string];
    const spec = (scenario[group] as Record<string, DistributionInput | undefined>)[key] ?? NONE;
    parameters.push({ name, unit: LATER_RULES[name].unit, distribution: distributionAt(spec, [group, key], LATER_RULES[name]) });
  }

  function distributionAt(spec: DistributionInput, path: Path, rule: ParameterRule): Distribution {
    const at = (key: string) => [...path, key];
    const positive = (v: number) => (v > 0 ? null : 'must be > 0');
    const nonNegative = (v: number) => (v >= 0 ? null : 'must be ≥ 0');
    let dist: Distribution;
    switch (spec.dist) {
      case 'fixed':
        dist = { dist: 'fixed', value: numberAt(spec.value, at('value')) };
        break;
      case 'normal':
        dist = { dist: 'normal', mean: numberAt(spec.mean, at('mean')), sd: numberAt(spec.sd, at('sd'), nonNegative) };
        break;
      case 'lognormal':
        dist = { dist: 'lognormal', median: numberAt(spec.median, at('median'), positive), sigma: numberAt(spec.sigma, at('sigma'), nonNegative) };
        break;
      case 'uniform': {
        const min = numberAt(spec.min, at('min'));
        dist = { dist: 'uniform', min, max: numberAt(spec.max, at('max'), (v) => (v > min ? null : `must be > min (${min})`)) };
        break;
      }
      case 'triangular': {
        const min = numberAt(spec.min, at('min'));
        const max = numberAt(spec.max, at('max'), (v) => (v > min ? null : `must be > min (${min})`));
        const mode = numberAt(spec.mode, at('mode'), (v) => (v >= min && v <= max ? null : `must lie in [min, max] = [${min}, ${max}]`));
        dist = { dist: 'triangular', min, mode, max };
        break;
      }
      case 'beta': {
        const min = numberAt(spec.min, at('min'));
        dist = {
          dist: 'beta',
          alpha: numberAt(spec.alpha, at('alpha'), positive),
          beta: numberAt(spec.beta, at('beta'), positive),
          min,
          max: numberAt(spec.max, at('max'), (v) => (v > min ? null : `must be > min (${min})`)),
        };
        break;
      }
      case 'truncnormal': {
        const min = numberAt(spec.min, at('min'));
        dist = {
          dist: 'truncnormal',
          mean: numberAt(spec.mean, at('mean')),
          sd: numberAt(spec.sd, at('sd'), positive),
          min,
          max: numberAt(spec.max, at('max'), (v) => (v > min ? null : `must be > min (${min})`)),
        };
        break;
      }
      case 'empirical':
        dist = { dist: 'empirical', values: spec.values };
        break;
    }
    const support = supportOf(dist);
    if (Number.isNaN(support.min) || Number.isNaN(support.max)) return dist; // already reported
    const range = `${rule.minExclusive ? '(' : '['}${rule.min ?? '−∞'}, ${rule.max ?? '∞'}]`;
    const touchesMin = support.min === rule.min && !support.minExclusive;
    const below = rule.min !== undefined && (support.min < rule.min || (rule.minExclusive === true && touchesMin));
    const above = rule.max !== undefined && support.max > rule.max;
    if (below || above) {
      const reach = below
        ? support.min === -Infinity ? 'is unbounded below' : `can draw ${support.min}`
        : support.max === Infinity ? 'is unbounded above' : `can draw ${support.max}`;
      problem(path, `this ${spec.dist} distribution ${reach}, outside the admissible range ${range} (${rule.unit}); use a distribution whose support lies within it (uniform, triangular, beta, truncnormal)`);
    }
    return dist;
  }

  // — regimes —
  const R = regimeNames.length;
  const transitionCumulative = new Float64Array(R * R);
  const westernCap = new Float64Array(R);
  const friction = new Float64Array(R);
  const intensity = new Float64Array(R);
  const entryJumpExports = new Float64Array(R);
  const entryJumpImports = new Float64Array(R);
  regimeNames.forEach((name, r) => {
    const regime = scenario.regimes.states[name]!;
    const base = ['regimes', 'states', name];
    let cumulative = 0;
    regimeNames.forEach((to, c) => {
      // an own entry only: a regime named `toString` must not find Object.prototype's
      const value = Object.hasOwn(regime.transition, to) ? regime.transition[to] : undefined;
      const p = value === undefined ? 0 : numberAt(value, [...base, 'transition', to], (v) => (v >= 0 && v <= 1 ? null : 'a probability must lie in [0, 1]'));
      cumulative += p;
      transitionCumulative[r * R + c] = cumulative;
    });
    if (Number.isFinite(cumulative) && Math.abs(cumulative - 1) > PROBABILITY_SUM_TOLERANCE) {
      problem([...base, 'transition'], `probabilities sum to ${cumulative}, expected 1`);
    }
    transitionCumulative[r * R + R - 1] = 1;
    westernCap[r] = numberAt(regime.westernCap, [...base, 'westernCap'], (v) => (v > 0 && v <= 1 ? null : 'must lie in (0, 1]'));
    friction[r] = numberAt(regime.paymentFriction, [...base, 'paymentFriction'], (v) => (v >= 0 && v < 1 ? null : 'must lie in [0, 1)'));
    intensity[r] = numberAt(regime.sanctionsIntensity, [...base, 'sanctionsIntensity'], (v) => (v >= 0 ? null : 'must be ≥ 0'));
    entryJumpExports[r] = numberAt(regime.entryJump?.exports ?? 0, [...base, 'entryJump', 'exports']);
    entryJumpImports[r] = numberAt(regime.entryJump?.imports ?? 0, [...base, 'entryJump', 'imports']);
  });
  const initialRegime = Math.max(0, regimeNames.indexOf(scenario.regimes.initial));
  const logFrictionFactor = friction.map((f) => log1p(-f) - log1p(-friction[initialRegime]!));

  // — correlation —
  const cholesky = choleskyFactor(flat, SHOCK_COUNT);
  if (!cholesky.ok) {
    problem(
      ['correlation', 'matrix'],
      `not positive definite (pivot ${cholesky.pivotIndex}, ${scenario.correlation.order?.[cholesky.pivotIndex] ?? ['oil', 'rouble', 'demand', 'exports'][cholesky.pivotIndex]}, is ${cholesky.pivot.toPrecision(3)}): no set of shocks can have these correlations`,
    );
  }

  // — sectors —
  const K = sectorNames.length;
  const J = SUPPLIER_COUNT;
  const logBaseRatio = new Float64Array(K * J);
  const initialLogRatio = new Float64Array(K * J);
  const initialMarket = new Float64Array(K);
  const importContent = new Float64Array(years.length * K);
  const originImportContent = new Float64Array(K);
  const sanctionsWedge = new Float64Array(K * J);
  const policyWedge = new Float64Array(years.length * K * J);
  sectorNames.forEach((name, k) => {
    const sector = scenario.sectors[name]!;
    const base = ['sectors', name];
    initialMarket[k] = numberAt(sector.market.value, [...base, 'market', 'value'], (v) => (v > 0 ? null : 'must be > 0 (US$ bn)'));
    const content = scheduleAt(sector.importContent.value, [...base, 'importContent', 'value'], (v) => (v > 0 && v <= 1 ? null : 'must lie in (0, 1]'));
    originImportContent[k] = content[0]!;
    for (let y = 0; y < years.length; y++) importContent[y * K + k] = content[y + 1]!;
    SUPPLIERS.forEach((supplier, j) => {
      logBaseRatio[k * J + j] = log(sector.baseShares[supplier] / sector.baseShares.domestic);
      initialLogRatio[k * J + j] = log(sector.originShares[supplier] / sector.originShares.domestic);
      sanctionsWedge[k * J + j] = numberAt(sector.sanctionsWedge[supplier], [...base, 'sanctionsWedge', supplier], (v) => (v > -1 ? null : 'a price wedge must be > −1'));
      const schedule = scheduleAt(sector.policyWedges?.[supplier] ?? 0, [...base, 'policyWedges', supplier], (v) => (v > -1 ? null : 'a price wedge must be > −1'));
      for (let y = 0; y < years.length; y++) policyWedge[(y * K + k) * J + j] = schedule[y + 1]!;
    });
  });
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < J; j++) {
        const scaled = intensity[r]! * sanctionsWedge[k * J + j]!;
        if (!Number.isNaN(scaled) && !(scaled > -1)) {
          problem(['regimes', 'states', regimeNames[r]!, 'sanctionsIntensity'], `times sectors.${sectorNames[k]}.sanctionsWedge.${SUPPLIERS[j]} gives a price wedge of ${scaled}; it must be > −1`);
        }
      }
    }
  }
  const logPrice = new Float64Array(years.length * R * K * J);
  for (let y = 0; y < years.length; y++) {
    for (let r = 0; r < R; r++) {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < J; j++) {
          let value = log1p(policyWedge[(y * K + k) * J + j]!) + log1p(intensity[r]! * sanctionsWedge[k * J + j]!);
          if (j === SUPPLIER_CHINA) value += log1p(friction[r]!);
          logPrice[((y * R + r) * K + k) * J + j] = value;
        }
      }
    }
  }

  // — the origin: levels from the data, split between the modelled parts —
  const oilPrice = numberAt(scenario.oil.start.value, ['oil', 'start', 'value'], (v) => (v > 0 ? null : 'must be > 0 (US$/bbl)'));
  const rubPerCny = numberAt(scenario.rouble.start.value, ['rouble', 'start', 'value'], (v) => (v > 0 ? null : 'must be > 0 (RUB/CNY)'));
  const crudeVolume = numberAt(scenario.exports.crudeVolume.value, ['exports', 'crudeVolume', 'value'], (v) => (v >= 0 ? null : 'must be ≥ 0 (Mt/yr)'));
  const otherEnergyExports = numberAt(scenario.exports.otherEnergy.value, ['exports', 'otherEnergy', 'value'], (v) => (v >= 0 ? null : 'must be ≥ 0 (US$ bn)'));
  const originYear = history.find((y) => y.year === scenario.origin);
  let nonEnergyExports = NaN;
  let otherImports = NaN;
  if (!originYear || originYear.exportsToChina === null || originYear.importsFromChina === null) {
    const stated = history.filter((y) => y.exportsToChina !== null && y.importsFromChina !== null).map((y) => y.year);
    problem(['origin'], `the data (${scenario.data.turnover}) states no export/import split for ${scenario.origin}; years with a stated split: ${stated.join(', ')}`);
  } else {
    const crudeValue = (crudeVolume * BARRELS_PER_TONNE * oilPrice) / 1000;
    nonEnergyExports = originYear.exportsToChina - crudeValue - otherEnergyExports;
    if (!(nonEnergyExports > 0)) {
      problem(
        ['exports', 'otherEnergy', 'value'],
        `crude (${crudeValue.toFixed(1)}) plus other energy (${otherEnergyExports}) leave ${nonEnergyExports.toFixed(1)} US$ bn of non-energy exports in ${scenario.origin} (total ${originYear.exportsToChina}); it must be > 0`,
      );
    }
    let sectorImports = 0;
    for (let k = 0; k < K; k++) {
      sectorImports += initialMarket[k]! * originImportContent[k]! * scenario.sectors[sectorNames[k]!]!.originShares.china;
    }
    otherImports = originYear.importsFromChina - sectorImports;
    if (!(otherImports >= 0)) {
      problem(
        ['sectors'],
        `the sectors' imports from China at the origin (Σ market × China share × import content = ${sectorImports.toFixed(1)} US$ bn) exceed total imports from China in ${scenario.origin} (${originYear.importsFromChina})`,
      );
    }
  }

  // — targets —
  const targets: CompiledTarget[] = [];
  scenario.targets.forEach((target, i) => {
    const compiled = compileExpression(target.expression, (name) => seriesNames.includes(name), 'turnover, exportsToChina, importsFromChina, oilPrice, rubPerCny, share.<sector>.<supplier>');
    if (!compiled.ok) {
      problem(['targets', i, 'expression'], compiled.message);
      return;
    }
    if (target.year <= scenario.origin) problem(['targets', i, 'year'], `year ${target.year} is not after the origin ${scenario.origin}`);
    targets.push({
      id: target.id,
      label: target.label,
      year: target.year,
      expression: compiled.expression,
      seriesIndex: compiled.expression.symbols.map((s) => seriesNames.indexOf(s)),
    });
  });

  if (issues.length > 0 || !observed.ok) return { ok: false, issues };
  const plan: ModelPlan = {
    originYear: scenario.origin,
    years,
    sectorNames,
    regimeNames,
    initialRegime,
    transitionCumulative,
    westernCap,
    logFrictionFactor,
    entryJumpExports,
    entryJumpImports,
    logPrice,
    logBaseRatio,
    initialLogRatio,
    initialMarket,
    importContent,
    correlationFactor: cholesky.ok ? cholesky.factor : new Float64Array(SHOCK_COUNT * SHOCK_COUNT),
    observed: observed.compiled.observed,
    shockConditioning: observed.compiled.shockConditioning,
    initial: { oilPrice, rubPerCny, crudeVolume, otherEnergyExports, nonEnergyExports, otherImports },
    parameters,
    sampling: DEFAULT_SAMPLING,
  };
  return { ok: true, plan, targets, observations: observed.compiled };
}

