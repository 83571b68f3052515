import { describe, expect, it } from 'vitest';
import { planCalendar, stepScheduleValues, yearlyField } from '../../../src/scenario/plan/schedules.js';
import { StepScheduleSchema } from '../../../src/scenario/scenarioSchema.js';
import { knobsOf, problems } from './planParts.js';

const schedule = (steps: Record<string, number | string>) => StepScheduleSchema.parse({ label: 'fee', unit: 'wedge', steps, source: 'test' });

describe('plan part: the calendar', () => {
  it('holds the projected years after the origin up to the horizon, and the origin before them', () => {
    const { problem, issues } = problems();
    expect(planCalendar(2025, 2028, problem)).toEqual({ origin: 2025, years: [2026, 2027, 2028], calendar: [2025, 2026, 2027, 2028] });
    expect(issues).toEqual([]);
  });

  it('reports a horizon that is not after the origin', () => {
    const { problem, issues } = problems();
    expect(planCalendar(2025, 2025, problem).years).toEqual([]);
    expect(issues).toEqual([{ path: ['horizon'], message: 'horizon 2025 must be after origin 2025' }]);
  });
});

describe('plan part: step schedules (stepScheduleValues)', () => {
  const calendar = planCalendar(2025, 2030, () => {});

  it('is 0 before the first step, then each step from its year on; steps may be expressions of the knobs', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({ fee: 0.05 }, problem);
    const values = stepScheduleValues('fee', schedule({ '2029': 'fee * 3', '2027': 0.1 }), calendar, knobs, undefined);
    expect(Array.from(values)).toEqual([0, 0, 0.1, 0.1, 0.05 * 3, 0.05 * 3]);
    expect(issues).toEqual([]);
  });

  it('applies an observation from its year until the schedule’s next step', () => {
    const knobs = knobsOf({}, () => {});
    // observed values by projected year (2026 … 2030); NaN: not observed
    const observed = Float64Array.from([0.5, NaN, 0.2, NaN, NaN]);
    const values = stepScheduleValues('fee', schedule({ '2027': 0.1, '2029': 0.3 }), calendar, knobs, observed);
    expect(Array.from(values)).toEqual([0, 0.5, 0.1, 0.2, 0.3, 0.3]);
  });

  it('reports a step that does not evaluate at its year', () => {
    const { problem, issues } = problems();
    const values = stepScheduleValues('fee', schedule({ '2027': 'nope' }), calendar, knobsOf({}, problem), undefined);
    expect(values[2]).toBeNaN();
    expect(issues.map((issue) => issue.path)).toEqual([['schedules', 'fee', 'steps', '2027']]);
  });
});

describe('plan part: fields that change by year (yearlyField)', () => {
  const calendar = planCalendar(2025, 2028, () => {});

  it('repeats a number, and evaluates an expression of year, origin, knobs and schedules in each calendar year', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({ k: 2 }, problem);
    const fee = Float64Array.from([0, 0.1, 0.2, 0.3]);
    const yearly = yearlyField(calendar, knobs, ['fee'], [fee], problem);
    const anyValue = () => null;
    expect(yearly(0.5, ['a'], anyValue)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(yearly('(year - origin) * k + fee', ['b'], anyValue)).toEqual([0, 2 + 0.1, 4 + 0.2, 6 + 0.3]);
    expect(issues).toEqual([]);
  });

  it('reports the first year a value fails its check, once, and names what an expression may read', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({ k: 1 }, problem);
    const yearly = yearlyField(calendar, knobs, ['fee'], [new Float64Array(4)], problem);
    expect(yearly('(year - 2026) / 2', ['c'], (v) => (v > -1 ? null : 'must be > −1'))).toEqual([-0.5, 0, 0.5, 1]);
    expect(yearly('year - 2027', ['d'], (v) => (v > -1 ? null : 'must be > −1')).every(Number.isNaN)).toBe(true);
    expect(yearly('yaer', ['e'], () => null).every(Number.isNaN)).toBe(true);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toEqual({ path: ['d'], message: 'must be > −1 in 2025 (got -2)' });
    expect(issues[1]!.path).toEqual(['e']);
    expect(issues[1]!.message).toContain('year, origin, k, schedules fee');
  });
});
