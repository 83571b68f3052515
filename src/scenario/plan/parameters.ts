import type { Distribution } from '../../core/distribution.js';
import { GLOBAL_PARAMETERS, LATER_PARAMETERS, SECTOR_PARAMETERS, type ParameterSlot } from '../../core/modelPlan.js';
import { supportOf } from '../../core/quantileFunction.js';
import type { DistributionInput, Scenario } from '../scenarioSchema.js';
import type { FieldPath, KnobScope, ReportProblem } from './knobExpressions.js';

/** The unit and admissible range of a per-path parameter. */
export interface ParameterRule {
  readonly unit: string;
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
}

/** Units and admissible range of each per-path parameter, by its name in the scenario. */
export const GLOBAL_RULES: Readonly<Record<(typeof GLOBAL_PARAMETERS)[number], ParameterRule>> = {
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
export const LATER_RULES: Readonly<Record<(typeof LATER_PARAMETERS)[number], ParameterRule>> = {
  'exports.crudeVolatility': { unit: 'log/yr', min: 0, max: 1 },
  'exports.crudeCapacityGrowth': { unit: 'log/yr' },
  'imports.roubleElasticity': { unit: 'elasticity' },
};

export const SECTOR_RULES: Readonly<Record<(typeof SECTOR_PARAMETERS)[number], ParameterRule>> = {
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

/**
 * The per-path parameters, in the order the engine draws them: the global ones, each sector's,
 * then model v2's (`fixed 0` where the scenario leaves them out).
 */
export function compileParameters(scenario: Scenario, sectorNames: readonly string[], knobs: KnobScope, problem: ReportProblem): ParameterSlot[] {
  const parameters: ParameterSlot[] = [];
  for (const name of GLOBAL_PARAMETERS) {
    const [group, key] = name.split('.') as [keyof Scenario, string];
    const spec = (scenario[group] as Record<string, DistributionInput>)[key]!;
    parameters.push({ name, unit: GLOBAL_RULES[name].unit, distribution: compileDistribution(spec, [group, key], GLOBAL_RULES[name], knobs, problem) });
  }
  for (const sectorName of sectorNames) {
    const sector = scenario.sectors[sectorName]!;
    for (const key of SECTOR_PARAMETERS) {
      const path = ['sectors', sectorName, key];
      parameters.push({ name: path.join('.'), unit: SECTOR_RULES[key].unit, distribution: compileDistribution(sector[key], path, SECTOR_RULES[key], knobs, problem) });
    }
  }
  for (const name of LATER_PARAMETERS) {
    const [group, key] = name.split('.') as ['exports' | 'imports', string];
    const spec = (scenario[group] as Record<string, DistributionInput | undefined>)[key] ?? NONE;
    parameters.push({ name, unit: LATER_RULES[name].unit, distribution: compileDistribution(spec, [group, key], LATER_RULES[name], knobs, problem) });
  }
  return parameters;
}

/**
 * A distribution with its numbers evaluated and checked (sd ≥ 0, max > min, mode within …), and
 * its support checked against the parameter's admissible range.
 */
export function compileDistribution(spec: DistributionInput, path: FieldPath, rule: ParameterRule, knobs: KnobScope, problem: ReportProblem): Distribution {
  const { numberAt } = knobs;
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
    const reach = below ? (support.min === -Infinity ? 'is unbounded below' : `can draw ${support.min}`) : support.max === Infinity ? 'is unbounded above' : `can draw ${support.max}`;
    problem(
      path,
      `this ${spec.dist} distribution ${reach}, outside the admissible range ${range} (${rule.unit}); use a distribution whose support lies within it (uniform, triangular, beta, truncnormal)`,
    );
  }
  return dist;
}
