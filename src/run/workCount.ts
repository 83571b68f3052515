import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/**
 * The computing a request asks for, counted before anything runs, so a server can refuse too
 * much up front: `value` of the request field `field`, times the other factors. The unit is a
 * simulated path-year (one path of the engine for one projected year), or what costs about as
 * much (one forecast draw of a back-test for one origin and horizon).
 */
export interface WorkCount {
  /** the request field whose smaller value brings the work down: `paths` or `samples` */
  readonly field: string;
  /** the value of `field` the request comes to (given, or the default) */
  readonly value: number;
  /** the other factors, named for a person: `[['projected years', 6], ['scenarios', 3]]` */
  readonly factors: readonly (readonly [name: string, value: number])[];
}

export type WorkOutcome = { readonly ok: true; readonly work: WorkCount } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** `value` × every factor. */
export function workTotal(work: WorkCount): number {
  return work.factors.reduce((total, [, factor]) => total * factor, work.value);
}

/** The largest value of `field` that keeps the work within `most`, the other factors unchanged (0 when none does). */
export function largestWithin(work: WorkCount, most: number): number {
  const perUnit = work.factors.reduce((product, [, factor]) => product * factor, 1);
  return perUnit <= 0 ? Number.POSITIVE_INFINITY : Math.floor(most / perUnit);
}
