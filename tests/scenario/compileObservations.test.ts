import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/preparedRun.js';
import type { Observation } from '../../src/scenario/scenarioSchema.js';
import { resolveScenarioObject } from '../../src/scenario/loadScenario.js';
import { inline, shipped } from '../helpers.js';

/** The issues a baseline with these observations (as in a scenario file that extends it) is refused with. */
function refusal(observe: readonly Observation[]): { path: readonly (string | number)[]; message: string }[] {
  const loaded = resolveScenarioObject({ extends: 'baseline', observe });
  const prepared = loaded.ok ? prepareRun(loaded.resolved) : loaded;
  return prepared.ok ? [] : prepared.issues.map(({ path, message }) => ({ path, message }));
}

describe('observations in a scenario', () => {
  const base = shipped('baseline').scenario;
  const first = base.origin + 1;

  it('compile when they name a driver or an outcome in a projected year, within its domain', () => {
    const observe: Observation[] = [
      { name: 'oilPrice', year: first, value: 60 },
      { name: 'rubPerCny', year: first, value: 12.5 },
      { name: 'crudeVolume', year: first + 1, value: 100 },
      { name: 'regime', year: first + 1, value: 'escalation' },
      { name: 'turnover', year: first, value: 240 },
      { name: 'share.cars.china', year: first, value: 0.5 },
    ];
    const prepared = prepareRun(inline({ extends: 'baseline', observe }));
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const { plan, outcomes, observations } = prepared.run;
    expect(plan.observed.oilPrice[0]).toBe(60);
    expect(plan.observed.rubPerCny[0]).toBe(12.5);
    expect(Number.isNaN(plan.observed.oilPrice[1]!)).toBe(true);
    expect(plan.observed.crudeVolume[1]).toBe(100);
    expect(plan.regimeNames[plan.observed.regime[1]!]).toBe('escalation');
    expect(plan.observed.regime[0]).toBe(-1);
    expect(outcomes.map((o) => [o.name, o.year, o.isShare])).toEqual([
      ['turnover', first, false],
      ['share.cars.china', first, true],
    ]);
    expect(observations.map((o) => o.kind)).toEqual(['driver', 'driver', 'driver', 'driver', 'outcome', 'outcome']);
  });

  it.each<[string, Observation, RegExp]>([
    ['an unknown name', { name: 'gdp', year: 2027, value: 1 }, /unknown name "gdp"; observable: oilPrice, rubPerCny/],
    ['a year the origin covers', { name: 'oilPrice', year: 2020, value: 60 }, /2020 is not after the origin .*come from the data/],
    ['a year past the horizon', { name: 'oilPrice', year: 2045, value: 60 }, /2045 is outside the projection/],
    ['a negative price', { name: 'oilPrice', year: 2027, value: -5 }, /expected a number > 0 \(USD\/bbl\), got -5/],
    ['a share above 1', { name: 'share.cars.china', year: 2027, value: 1.2 }, /expected a number in \(0, 1\) \(fraction\), got 1.2/],
    ['months of a series only observed by full year', { name: 'exportsToChina', year: 2027, months: 4, value: 40 }, /only the full year of exportsToChina/],
    ['an unknown regime', { name: 'regime', year: 2027, value: 'boom' }, /expected a regime of the scenario \(statusQuo, escalation, thaw\), got "boom"/],
    ['a measurement error on a driver', { name: 'oilPrice', year: 2027, value: 60, sd: 0.1 }, /a driver is pinned exactly; sd is for outcomes/],
  ])('are refused naming the observation for %s', (_what, observation, message) => {
    const issues = refusal([observation]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path.slice(0, 2)).toEqual(['observe', 0]);
    expect(issues[0]!.message).toMatch(message);
    expect(issues[0]!.message.startsWith(`${observation.name}@${observation.year}`)).toBe(true);
  });

  it('refuse two values for one name and year, and months outside 1–11 by the schema', () => {
    const twice = refusal([
      { name: 'oilPrice', year: 2027, value: 60 },
      { name: 'oilPrice', year: 2027, value: 61 },
    ]);
    expect(twice).toEqual([{ path: ['observe', 1], message: 'oilPrice@2027: observed twice; give one value for a name and year' }]);
    expect(refusal([{ name: 'turnover', year: 2027, months: 12, value: 200 }])[0]!.path).toEqual(['observe', 0, 'months']);
    expect(refusal([{ name: 'turnover', year: 2027, months: 0, value: 200 }])[0]!.path).toEqual(['observe', 0, 'months']);
  });
});
