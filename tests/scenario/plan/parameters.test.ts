import { describe, expect, it } from 'vitest';
import { GLOBAL_PARAMETERS, LATER_PARAMETERS, SECTOR_PARAMETERS } from '../../../src/core/modelPlan.js';
import { knobScope } from '../../../src/scenario/plan/knobExpressions.js';
import { compileDistribution, compileParameters, GLOBAL_RULES, SECTOR_RULES, type ParameterRule } from '../../../src/scenario/plan/parameters.js';
import { DistributionSchema } from '../../../src/scenario/scenarioSchema.js';
import { shipped } from '../../helpers.js';
import { knobsOf, problems } from './planParts.js';

const spec = (fields: Record<string, unknown>) => DistributionSchema.parse({ ...fields, source: 'test' });
const ANY: ParameterRule = { unit: 'u' };

describe('plan part: a parameter’s distribution (compileDistribution)', () => {
  it('evaluates each number of a distribution, expressions of the knobs included', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({ sd: 0.2 }, problem);
    expect(compileDistribution(spec({ dist: 'normal', mean: 1, sd: 'sd * 2' }), ['p'], ANY, knobs, problem)).toEqual({ dist: 'normal', mean: 1, sd: 0.4 });
    expect(compileDistribution(spec({ dist: 'triangular', min: 0, mode: 0.2, max: 1 }), ['p'], ANY, knobs, problem)).toEqual({ dist: 'triangular', min: 0, mode: 0.2, max: 1 });
    expect(compileDistribution(spec({ dist: 'empirical', values: [1, 2, 3] }), ['p'], ANY, knobs, problem)).toEqual({ dist: 'empirical', values: [1, 2, 3] });
    expect(issues).toEqual([]);
  });

  it('reports numbers a distribution cannot have, at their field', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({}, problem);
    compileDistribution(spec({ dist: 'normal', mean: 0, sd: -1 }), ['a'], ANY, knobs, problem);
    compileDistribution(spec({ dist: 'uniform', min: 2, max: 1 }), ['b'], ANY, knobs, problem);
    compileDistribution(spec({ dist: 'triangular', min: 0, mode: 2, max: 1 }), ['c'], ANY, knobs, problem);
    compileDistribution(spec({ dist: 'beta', alpha: 0, beta: 1, min: 0, max: 1 }), ['d'], ANY, knobs, problem);
    expect(issues).toEqual([
      { path: ['a', 'sd'], message: 'must be ≥ 0 (got -1)' },
      { path: ['b', 'max'], message: 'must be > min (2) (got 1)' },
      { path: ['c', 'mode'], message: 'must lie in [min, max] = [0, 1] (got 2)' },
      { path: ['d', 'alpha'], message: 'must be > 0 (got 0)' },
    ]);
  });

  it('reports a support that reaches outside the parameter’s admissible range, and takes one within it', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({}, problem);
    const speed = SECTOR_RULES.adjustmentSpeed; // [0, 1]
    compileDistribution(spec({ dist: 'normal', mean: 0.3, sd: 0.1 }), ['s'], speed, knobs, problem);
    compileDistribution(spec({ dist: 'uniform', min: 0.5, max: 1.5 }), ['t'], speed, knobs, problem);
    compileDistribution(spec({ dist: 'uniform', min: 0, max: 60 }), ['oil'], GLOBAL_RULES['oil.longRunPrice'], knobs, problem); // (0, ∞): 0 itself is out
    compileDistribution(spec({ dist: 'beta', alpha: 2, beta: 2, min: 0, max: 1 }), ['ok'], speed, knobs, problem);
    expect(issues.map((issue) => issue.path)).toEqual([['s'], ['t'], ['oil']]);
    expect(issues[0]!.message).toBe(
      'this normal distribution is unbounded below, outside the admissible range [0, 1] (fraction/yr); use a distribution whose support lies within it (uniform, triangular, beta, truncnormal)',
    );
    expect(issues[1]!.message).toContain('this uniform distribution can draw 1.5, outside the admissible range [0, 1]');
    expect(issues[2]!.message).toContain('can draw 0, outside the admissible range (0, ∞]');
  });
});

describe('plan part: the per-path parameters (compileParameters)', () => {
  it('lists the global parameters, each sector’s, then model v2’s, with their units', () => {
    const { problem, issues } = problems();
    const { scenario } = shipped('baseline');
    const sectorNames = Object.keys(scenario.sectors);
    const parameters = compileParameters(scenario, sectorNames, knobScope(scenario.knobs, problem), problem);
    expect(issues).toEqual([]);
    expect(parameters.map((p) => p.name)).toEqual([...GLOBAL_PARAMETERS, ...sectorNames.flatMap((sector) => SECTOR_PARAMETERS.map((key) => `sectors.${sector}.${key}`)), ...LATER_PARAMETERS]);
    expect(parameters[0]).toMatchObject({ name: 'oil.longRunPrice', unit: 'USD/bbl' });
  });

  it('gives a model v2 parameter the scenario leaves out `fixed 0` (model v1)', () => {
    const { problem } = problems();
    const scenario = structuredClone(shipped('baseline').scenario);
    delete scenario.exports.crudeVolatility;
    const parameters = compileParameters(scenario, [], knobScope(scenario.knobs, problem), problem);
    expect(parameters.find((p) => p.name === 'exports.crudeVolatility')).toEqual({ name: 'exports.crudeVolatility', unit: 'log/yr', distribution: { dist: 'fixed', value: 0 } });
    expect(parameters).toHaveLength(GLOBAL_PARAMETERS.length + LATER_PARAMETERS.length);
  });
});
