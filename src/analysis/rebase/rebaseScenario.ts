import { exp } from '../../core/exp.js';
import { log } from '../../core/log.js';
import { log1p } from '../../core/log1p.js';
import { SUPPLIERS, type Supplier } from '../../core/modelPlan.js';
import { pow } from '../../core/pow.js';
import { compileExpression } from '../../scenario/expression.js';
import type { DistributionInput, Scenario } from '../../scenario/scenarioSchema.js';
import { round, type OriginFacts } from './originFacts.js';

/** One field a re-base rewrites. */
export interface RebaseChange {
  /** the field's path in the scenario, e.g. `['oil', 'start', 'value']` */
  readonly path: readonly (string | number)[];
  readonly from: number | string;
  readonly to: number | string;
  /** why the new value: the data row it was read from, or the rule that moved an assumption ('' for a source text) */
  readonly basis: string;
}

export interface RebasePlan {
  readonly fromOrigin: number;
  readonly toOrigin: number;
  /** value changes, then the `source` texts that go with them */
  readonly changes: readonly RebaseChange[];
  /** what was checked and left as it is, and why */
  readonly kept: readonly string[];
  /** what a person has to look at: fields the rules could not rewrite, schedules tied to a year */
  readonly warnings: readonly string[];
}

type Path = readonly (string | number)[];
type Shares = Readonly<Record<Supplier, number>>;

/** The sector whose Chinese origin share the data state (sector_shares.csv's new-car sales). */
const CAR_SECTOR = 'cars';
const NON_CHINA = SUPPLIERS.filter((s) => s !== 'china');

/**
 * What re-basing a scenario on the data of `facts.year` changes, field by field. `previous`
 * holds the facts of the scenario's current origin (null where the data have none): the ratios
 * that move assumptions from the old origin to the new come from it.
 * - origin ← the new year; oil, rouble and crude volume at the origin ← the data (originFacts);
 * - other energy exports (not in the data: an assumption) ← the old value moved with the oil
 *   price, × (new unit value / old)^ε at ε the centre of `exports.otherEnergyOilElasticity`;
 * - each sector's market (an assumption) ← the old value × (imports from China, new / old);
 * - the car sector's Chinese origin share ← the data; the other suppliers keep their old
 *   proportions of the rest (an assumption, said in the source);
 * - every sanctions wedge except China's ← the calibration of scenarios/README.md: in the regime in
 *   force at the origin, at the centre of the sector's substitution elasticity, the Armington target
 *   shares equal the origin shares. A wedge written `number + knobs` keeps its knobs as extras on
 *   top of the calibrated number; any other expression is left alone with a warning.
 * Re-basing twice on the same year changes nothing the second time.
 */
export function rebaseScenario(scenario: Scenario, facts: OriginFacts, previous: OriginFacts | null): RebasePlan {
  const changes: RebaseChange[] = [];
  const sources: RebaseChange[] = [];
  const kept: string[] = [];
  const warnings: string[] = [];
  const year = facts.year;
  const knobs = Object.fromEntries(Object.entries(scenario.knobs).map(([name, knob]) => [name, knob.value]));
  const evaluate = (value: number | string, where: Path, scope: Record<string, number> = {}): number | null => {
    const result = evaluateExpression(value, { ...knobs, ...scope });
    if (typeof result === 'string') warnings.push(`${where.join('.')}: ${result}; not re-based`);
    return typeof result === 'string' ? null : result;
  };
  const set = (path: Path, from: number | string, to: number | string, basis: string) => {
    if (from !== to) changes.push({ path, from, to, basis });
  };
  const setSource = (path: Path, from: string, to: string) => {
    if (from !== to) sources.push({ path: [...path, 'source'], from, to, basis: '' });
  };

  set(['origin'], scenario.origin, year, `the newest complete year of data: ${facts.turnover.source}`);

  // — levels read from the data —
  set(['oil', 'start', 'value'], scenario.oil.start.value, facts.oilPrice.value, facts.oilPrice.source);
  setSource(['oil', 'start'], scenario.oil.start.source, facts.oilPrice.source);
  set(['rouble', 'start', 'value'], scenario.rouble.start.value, facts.rubPerCny.value, facts.rubPerCny.source);
  setSource(['rouble', 'start'], scenario.rouble.start.source, facts.rubPerCny.source);
  set(['exports', 'crudeVolume', 'value'], scenario.exports.crudeVolume.value, facts.crudeVolume.value, facts.crudeVolume.source);
  setSource(['exports', 'crudeVolume'], scenario.exports.crudeVolume.source, facts.crudeVolume.source);

  // — assumptions moved from the old origin to the new —
  const oldYear = scenario.origin;
  const oldOil = previous?.oilPrice.value ?? evaluate(scenario.oil.start.value, ['oil', 'start', 'value']);
  const elasticity = centreOf(scenario.exports.otherEnergyOilElasticity, knobs);
  const otherEnergy = evaluate(scenario.exports.otherEnergy.value, ['exports', 'otherEnergy', 'value']);
  if (oldOil !== null && typeof elasticity === 'number' && otherEnergy !== null) {
    const factor = pow(facts.oilPrice.value / oldOil, elasticity);
    const moved = oldYear === year ? otherEnergy : round(otherEnergy * factor, 1);
    if (moved !== otherEnergy) {
      const source = `assumption: gas, LNG, coal and oil products into China (not in the data), ${oldYear}'s ${otherEnergy} US$ bn moved with the oil price to ${year}, × (${facts.oilPrice.value} / ${oldOil})^${elasticity} = ${factor.toFixed(3)} (the exponent is the centre of exports.otherEnergyOilElasticity)`;
      set(['exports', 'otherEnergy', 'value'], scenario.exports.otherEnergy.value, moved, source);
      setSource(['exports', 'otherEnergy'], scenario.exports.otherEnergy.source, source);
    }
  } else if (typeof elasticity === 'string') warnings.push(`exports.otherEnergy not moved: exports.otherEnergyOilElasticity ${elasticity}`);

  const importsRatio = previous ? facts.importsFromChina.value / previous.importsFromChina.value : null;
  for (const [name, sector] of Object.entries(scenario.sectors)) {
    const path = ['sectors', name, 'market'];
    const market = evaluate(sector.market.value, [...path, 'value']);
    if (market === null || oldYear === year) continue;
    if (importsRatio === null) {
      warnings.push(`${path.join('.')}: no export/import split for ${oldYear} in the data, so the market size cannot be moved with imports from China; check it by hand`);
      continue;
    }
    const moved = round(market * importsRatio, 1);
    const source = `assumption: ${oldYear}'s ${market} US$ bn moved with Russia's imports from China to ${year}, × ${facts.importsFromChina.value} / ${previous!.importsFromChina.value} = ${importsRatio.toFixed(3)} (${rowsCited(previous!.importsFromChina.source, facts.importsFromChina.source)})`;
    set([...path, 'value'], sector.market.value, moved, source);
    setSource(path, sector.market.source, source);
  }

  // — origin shares and the wedges that hold them (policies at their values in the new origin year) —
  const schedulesAtOrigin: Record<string, number> = {};
  for (const [name, schedule] of Object.entries(scenario.schedules)) {
    const step = Object.keys(schedule.steps)
      .map(Number)
      .filter((stepYear) => stepYear <= year)
      .sort((a, b) => a - b)
      .at(-1);
    const value = step === undefined ? 0 : evaluate(schedule.steps[String(step)]!, ['schedules', name, 'steps', String(step)]);
    if (value !== null) schedulesAtOrigin[name] = value;
  }
  const initial = scenario.regimes.states[scenario.regimes.initial];
  const friction = initial ? evaluate(initial.paymentFriction, ['regimes', 'states', scenario.regimes.initial, 'paymentFriction']) : null;
  const intensity = initial ? evaluate(initial.sanctionsIntensity, ['regimes', 'states', scenario.regimes.initial, 'sanctionsIntensity']) : null;
  kept.push(`regimes.initial = ${scenario.regimes.initial}: the regime in force in ${year} (assumption: the status quo of sanctions held through the newest year of data)`);
  for (const [name, sector] of Object.entries(scenario.sectors)) {
    let shares: Shares = sector.originShares;
    if (name === CAR_SECTOR && facts.carShareChina) {
      shares = withChinaShare(sector.originShares, facts.carShareChina.value);
      const source = `china: ${facts.carShareChina.source}; west/domestic/other: assumption, the non-Chinese rest split in the proportions of the previous origin shares`;
      for (const supplier of SUPPLIERS)
        set(
          ['sectors', name, 'originShares', supplier],
          sector.originShares[supplier],
          shares[supplier],
          supplier === 'china' ? facts.carShareChina.source : 'assumption: the rest keeps its proportions',
        );
      if (SUPPLIERS.some((s) => shares[s] !== sector.originShares[s])) setSource(['sectors', name, 'originShares'], sector.originShares.source, source);
    } else if (name === CAR_SECTOR) {
      warnings.push(`sectors.${name}.originShares: the data state no Chinese share of new-car sales for ${year}; kept`);
    } else {
      kept.push(`sectors.${name}.originShares: assumptions (the data state no such shares), kept`);
    }
    const sigma = centreOf(sector.substitutionElasticity, knobs);
    if (typeof sigma === 'string' || friction === null || intensity === null) {
      warnings.push(
        `sectors.${name}.sanctionsWedge not recalibrated: ${typeof sigma === 'string' ? `substitutionElasticity ${sigma}` : 'the initial regime’s friction or intensity does not evaluate'}`,
      );
      continue;
    }
    const policyAtOrigin = (supplier: Supplier) => {
      const schedule = sector.policyWedges?.[supplier];
      return schedule === undefined ? 0 : evaluate(schedule, ['sectors', name, 'policyWedges', supplier], { year, origin: year, ...schedulesAtOrigin });
    };
    const chinaWedge = evaluate(sector.sanctionsWedge.china, ['sectors', name, 'sanctionsWedge', 'china']);
    const chinaPolicy = policyAtOrigin('china');
    if (chinaWedge === null || chinaPolicy === null) continue;
    let rewritten = false;
    for (const supplier of NON_CHINA) {
      const path = ['sectors', name, 'sanctionsWedge', supplier];
      const policy = policyAtOrigin(supplier);
      if (policy === null) continue;
      // ln(1 + Iω_j) = ln(1 + Iω_c) + ln(1 + φ) + ln(1 + π_c) − ln(1 + π_j) + [ln(s_j/s_c) − ln(b_j/b_c)] / (1 − σ)
      const logPrice =
        log1p(intensity * chinaWedge) +
        log1p(friction) +
        log1p(chinaPolicy) -
        log1p(policy) +
        (log(shares[supplier] / shares.china) - log(sector.baseShares[supplier] / sector.baseShares.china)) / (1 - sigma);
      const wedge = round((exp(logPrice) - 1) / intensity, 3);
      const current = sector.sanctionsWedge[supplier];
      const next = withLeadingNumber(current, wedge);
      if (next === null) {
        warnings.push(`${path.join('.')}: "${current}" has no leading number to recalibrate (calibrated value ${wedge}); left as it is`);
        continue;
      }
      set(path, current, next, `calibrated: Armington target = origin shares at σ = ${sigma}, φ = ${friction}`);
      rewritten = true;
    }
    const source = `calibrated to the ${year} origin shares at σ = ${sigma} (the centre of substitutionElasticity), payment friction ${friction} on China in the ${scenario.regimes.initial} regime (tradecast rebase; the formula is in scenarios/README.md)${name === CAR_SECTOR ? '' : '; the shares are assumptions, so are these wedges'}`;
    if (rewritten || scenario.origin !== year) setSource(['sectors', name, 'sanctionsWedge'], sector.sanctionsWedge.source, source);
  }

  // — what a person has to look at —
  for (const [name, sector] of Object.entries(scenario.sectors)) {
    for (const supplier of SUPPLIERS) {
      const schedule = sector.policyWedges?.[supplier];
      if (typeof schedule === 'string' && new RegExp(`\\b${oldYear}\\b`).test(schedule) && oldYear !== year) {
        warnings.push(
          `sectors.${name}.policyWedges.${supplier} = "${schedule}" names ${oldYear}, the old origin: write the schedule relative to \`origin\` (e.g. min(max(year - origin, 0), 2030 - origin) / (2030 - origin), phased in from the origin to 2030)`,
        );
      }
    }
  }
  scenario.targets.forEach((target, i) => {
    if (target.year <= year) warnings.push(`targets[${i}] (${target.id}) is for ${target.year}, not after the new origin ${year}`);
  });
  return { fromOrigin: scenario.origin, toOrigin: year, changes: [...changes, ...sources], kept, warnings };
}

/**
 * The centre of a distribution as the file states it: a triangular's mode, a lognormal's median,
 * a normal's or truncated normal's mean parameter, a uniform's midpoint, a beta's mean on its
 * range, an empirical sample's median, a fixed value. A message when a parameter does not evaluate.
 */
export function centreOf(spec: DistributionInput, knobs: Readonly<Record<string, number>>): number | string {
  const at = (value: number | string) => evaluateExpression(value, knobs);
  const numbers = (...values: (number | string)[]) => {
    const evaluated = values.map(at);
    const failed = evaluated.find((v) => typeof v === 'string');
    return failed === undefined ? (evaluated as number[]) : (failed as string);
  };
  const use = (values: number[] | string, centre: (v: number[]) => number) => (typeof values === 'string' ? values : centre(values));
  switch (spec.dist) {
    case 'fixed':
      return use(numbers(spec.value), ([v]) => v!);
    case 'normal':
    case 'truncnormal':
      return use(numbers(spec.mean), ([v]) => v!);
    case 'lognormal':
      return use(numbers(spec.median), ([v]) => v!);
    case 'triangular':
      return use(numbers(spec.mode), ([v]) => v!);
    case 'uniform':
      return use(numbers(spec.min, spec.max), ([a, b]) => (a! + b!) / 2);
    case 'beta':
      return use(numbers(spec.alpha, spec.beta, spec.min, spec.max), ([a, b, lo, hi]) => lo! + ((hi! - lo!) * a!) / (a! + b!));
    case 'empirical': {
      const sorted = [...spec.values].sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    }
  }
}

/** A number, or an expression evaluated with `scope`; a message when it does not evaluate. */
function evaluateExpression(value: number | string, scope: Readonly<Record<string, number>>): number | string {
  if (typeof value === 'number') return value;
  const compiled = compileExpression(value, (name) => name in scope);
  if (!compiled.ok) return compiled.message;
  const result = compiled.expression.evaluate(compiled.expression.symbols.map((s) => scope[s]!));
  return Number.isFinite(result) ? result : `"${value}" evaluates to ${result}`;
}

/**
 * The Chinese share set to `china`, the other suppliers keeping their proportions of the rest,
 * rounded to 3 decimals with the largest of them taking the rounding so that the four sum to 1.
 */
function withChinaShare(shares: Shares, china: number): Shares {
  const restBefore = NON_CHINA.reduce((sum, s) => sum + shares[s], 0);
  const result: Record<Supplier, number> = { china, west: 0, domestic: 0, other: 0 };
  for (const s of NON_CHINA) result[s] = round((shares[s] * (1 - china)) / restBefore, 3);
  const largest = NON_CHINA.reduce((a, b) => (result[b] > result[a] ? b : a));
  const others = NON_CHINA.filter((s) => s !== largest).reduce((sum, s) => sum + result[s], 0);
  result[largest] = round(1 - china - others, 3);
  return result;
}

/** `value` with its leading number replaced (`"2.2 + westernWedge"` → `"2.55 + westernWedge"`), or null if it has none. */
function withLeadingNumber(value: number | string, replacement: number): number | string | null {
  if (typeof value === 'number') return replacement;
  const match = /^(\s*)(-?\d+(?:\.\d+)?)(\s*[+-][\s\S]*)?$/.exec(value);
  if (!match) return null;
  return match[3] === undefined ? replacement : `${match[1]}${replacement}${match[3]}`;
}

/** `trade_turnover.csv lines 20, 21` from two sources that open `trade_turnover.csv line 20…` and `…line 21…`. */
function rowsCited(first: string, second: string): string {
  const [a, b] = [/^(\S+) line (\d+)/.exec(first), /^(\S+) line (\d+)/.exec(second)];
  if (a && b && a[1] === b[1]) return `${a[1]} lines ${a[2]}, ${b[2]}`;
  return `${first.split(':')[0]}; ${second.split(':')[0]}`;
}
