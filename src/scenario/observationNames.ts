/**
 * What can be observed (`observe:` in a scenario, `--observe` on the command line,
 * `observations` in API bodies) and what each observation means.
 *
 * A *driver* is pinned: on every path it takes the observed value in that year, the year's other
 * shocks follow their distribution given it, and later years evolve from it. An *outcome* is
 * not pinned (the model does not let one set exports, say, directly): the paths are weighted by
 * how likely each makes the observation, and resampled (see src/run/outcomeWeights.ts).
 */
export type ObservationKind = 'driver' | 'outcome';

export interface ObservableName {
  readonly kind: ObservationKind;
  readonly unit: string;
  /** what the value must be, for messages, and the check */
  readonly domain: string;
  readonly valid: (value: number) => boolean;
  /** true when a cumulative January…months value may be observed (`name@year:months`) */
  readonly partialYear: boolean;
}

const positive = (v: number) => v > 0 && Number.isFinite(v);

/** Drivers and outcomes by name; `share.<sector>.<supplier>` outcomes are added per scenario. */
export const OBSERVABLE: Readonly<Record<string, ObservableName>> = {
  oilPrice: { kind: 'driver', unit: 'USD/bbl', domain: '> 0', valid: positive, partialYear: false },
  rubPerCny: { kind: 'driver', unit: 'RUB/CNY', domain: '> 0', valid: positive, partialYear: false },
  crudeVolume: { kind: 'driver', unit: 'Mt/yr', domain: '≥ 0', valid: (v) => v >= 0 && Number.isFinite(v), partialYear: false },
  regime: { kind: 'driver', unit: 'regime', domain: 'a regime of the scenario', valid: () => true, partialYear: false },
  turnover: { kind: 'outcome', unit: 'USD bn', domain: '> 0', valid: positive, partialYear: true },
  exportsToChina: { kind: 'outcome', unit: 'USD bn', domain: '> 0', valid: positive, partialYear: false },
  importsFromChina: { kind: 'outcome', unit: 'USD bn', domain: '> 0', valid: positive, partialYear: false },
};

/** A share outcome, `share.<sector>.<supplier>`: a fraction strictly between 0 and 1. */
export const SHARE_OUTCOME: ObservableName = {
  kind: 'outcome',
  unit: 'fraction',
  domain: 'in (0, 1)',
  valid: (v) => v > 0 && v < 1,
  partialYear: false,
};

/**
 * A step schedule of the scenario (`recyclingFee`): a driver set from the observed year until
 * its next step. Any finite number is taken here; where the schedule is used (a price wedge,
 * an import content) its own range is checked when the plan compiles.
 */
export function scheduleObservable(unit: string): ObservableName {
  return { kind: 'driver', unit, domain: 'a finite number', valid: (v) => Number.isFinite(v), partialYear: false };
}

/** The observable name `name` refers to in a scenario with these series and schedules (name → unit), or null. */
export function observableNamed(name: string, seriesNames: readonly string[], schedules: Readonly<Record<string, { readonly unit: string }>> = {}): ObservableName | null {
  if (Object.hasOwn(OBSERVABLE, name)) return OBSERVABLE[name]!;
  if (Object.hasOwn(schedules, name)) return scheduleObservable(schedules[name]!.unit);
  return name.startsWith('share.') && seriesNames.includes(name) ? SHARE_OUTCOME : null;
}
