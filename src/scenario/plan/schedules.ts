import { compileExpression } from '../expression.js';
import type { StepSchedule } from '../scenarioSchema.js';
import type { FieldPath, KnobScope, ReportProblem, ValueCheck } from './knobExpressions.js';

/** The projected years (after the origin, up to the horizon) and the calendar: the origin year, then those years. */
export interface PlanCalendar {
  readonly origin: number;
  readonly years: readonly number[];
  /** the origin year, then the projected years: where fields that change by year are evaluated */
  readonly calendar: readonly number[];
}

/** The calendar of a plan from its origin to its horizon; a horizon not after the origin is a problem. */
export function planCalendar(origin: number, horizon: number, problem: ReportProblem): PlanCalendar & { readonly years: number[] } {
  const years: number[] = [];
  for (let year = origin + 1; year <= horizon; year++) years.push(year);
  if (years.length === 0) problem(['horizon'], `horizon ${horizon} must be after origin ${origin}`);
  return { origin, years, calendar: [origin, ...years] };
}

/**
 * A step schedule's value in the origin year and each projected year (`calendar`): each step
 * holds from its year on; an observation (of a projected year) holds from its year until the
 * schedule's next step. Before the first step, 0.
 */
export function stepScheduleValues(name: string, schedule: StepSchedule, { calendar }: PlanCalendar, knobs: KnobScope, observedValues: Float64Array | undefined): Float64Array {
  const steps = Object.entries(schedule.steps)
    .map(([year, value]) => ({ year: Number(year), value: knobs.numberAt(value, ['schedules', name, 'steps', year]) }))
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
export type YearlyField = (value: number | string, path: FieldPath, check: ValueCheck) => number[];

/**
 * Evaluates fields that may change by year: a number, or an expression of `year`, `origin`, the
 * knobs and the schedules (whose values by calendar year are `scheduleValues`, in the order of
 * `scheduleNames`). A value that fails `check` in some year is reported once, with its year.
 */
export function yearlyField(
  { origin, years, calendar }: PlanCalendar,
  knobs: KnobScope,
  scheduleNames: readonly string[],
  scheduleValues: readonly Float64Array[],
  problem: ReportProblem,
): YearlyField {
  return (value, path, check) => {
    if (typeof value === 'number') {
      const v = knobs.numberAt(value, path, check);
      return calendar.map(() => v);
    }
    // `origin` lets a schedule be written relative to the last year of data, so that re-basing
    // the scenario on a newer year moves the schedule with it
    const isSchedule = (name: string) => scheduleNames.includes(name);
    const compiled = compileExpression(
      value,
      (name) => name === 'year' || name === 'origin' || knobs.index.has(name) || isSchedule(name),
      `year, origin, ${knobs.known}${scheduleNames.length > 0 ? `, schedules ${scheduleNames.join(', ')}` : ''}`,
    );
    if (!compiled.ok) {
      problem(path, compiled.message);
      return calendar.map(() => NaN);
    }
    const { symbols, evaluate } = compiled.expression;
    const scope = symbols.map((s) => (s === 'year' ? 0 : s === 'origin' ? origin : isSchedule(s) ? 0 : knobs.values[knobs.index.get(s)!]!));
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
}
