import { conditionalShocks } from '../core/conditionalShocks.js';
import { OUTCOME_LOG_SD, OUTCOME_SHARE_SD } from '../core/defaults.js';
import { CONDITIONING_STRIDE, PINNED_OIL, PINNED_ROUBLE, SHOCK_COUNT, type ObservedDrivers } from '../core/modelPlan.js';
import { observableNamed, OBSERVABLE, type ObservationKind } from './observationNames.js';
import { fitNowcast } from './nowcast/fitNowcast.js';
import { fullYearGivenPartial } from './nowcast/fullYearGivenPartial.js';
import { partialYearPanel } from './nowcast/partialYearPanel.js';
import type { PartialYearRecord } from './parsePartialYear.js';
import type { Observation } from './scenarioSchema.js';
import type { ScenarioIssue } from './scenarioIssue.js';

/** An observed outcome, ready to weight the paths by (see src/run/outcomeWeights.ts). */
export interface CompiledOutcome {
  /** place in the scenario's `observe` list */
  readonly index: number;
  readonly name: string;
  readonly year: number;
  /** the year's index among the projected years */
  readonly yearIndex: number;
  /** the observed series' index among the plan's series */
  readonly seriesIndex: number;
  /** cumulative January…months; absent: the full year */
  readonly months?: number;
  readonly value: number;
  /** measurement error: of the log for money values, absolute for shares */
  readonly sd: number;
  /** true for a share (absolute error), false for a money value (error of the log) */
  readonly isShare: boolean;
  /**
   * For a cumulative January…months value: ln(full year) − ln(cumulative) ~ logRatio + logScale·t(ν),
   * the year-to-date nowcast fitted to the partial-year data up to the origin (docs/nowcast.md)
   */
  readonly cumulative?: { readonly logRatio: number; readonly logScale: number; readonly degreesOfFreedom: number };
}

/** What the result reports of each observation (the contract's `observations`). */
export interface ObservationSummary {
  readonly name: string;
  readonly year: number;
  readonly months?: number;
  readonly value: number | string;
  readonly kind: ObservationKind;
}

export interface CompiledObservations {
  readonly observed: ObservedDrivers;
  readonly shockConditioning: Float64Array;
  readonly outcomes: readonly CompiledOutcome[];
  readonly summaries: readonly ObservationSummary[];
  /** observed values of the scenario's step schedules, by name, per projected year (NaN: none) */
  readonly schedules: ReadonlyMap<string, Float64Array>;
}

/**
 * Checks a scenario's observations against its projection and compiles them: drivers into the
 * arrays the engine pins (and the shock conditioning of the years that pin oil or the rouble),
 * outcomes into the list the runner weights the paths by. Every problem is an issue at the
 * observation's place (`observe`, i): an unknown name, a year outside the projection (the origin
 * and earlier come from the data), a value outside the name's domain, months where only full
 * years can be observed, two values for one name and year.
 */
export function compileObservations(
  observations: readonly Observation[],
  context: {
    readonly origin: number;
    readonly years: readonly number[];
    readonly regimeNames: readonly string[];
    readonly seriesNames: readonly string[];
    readonly correlation: readonly number[];
    /** the scenario's step schedules (name → unit): observable drivers too */
    readonly schedules?: Readonly<Record<string, { readonly unit: string }>>;
    /** cumulative partial-year turnover (data.partialYear): what a January…months value is read against */
    readonly partialYear?: readonly PartialYearRecord[];
  },
): { readonly ok: true; readonly compiled: CompiledObservations } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  const { origin, years, regimeNames, seriesNames } = context;
  const Y = years.length;
  const observed: ObservedDrivers = {
    oilPrice: new Float64Array(Y).fill(NaN),
    rubPerCny: new Float64Array(Y).fill(NaN),
    crudeVolume: new Float64Array(Y).fill(NaN),
    regime: new Int32Array(Y).fill(-1),
  };
  const scheduleUnits = context.schedules ?? {};
  const schedules = new Map<string, Float64Array>();
  const outcomes: CompiledOutcome[] = [];
  const summaries: ObservationSummary[] = [];
  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  // the nowcast of a full year from its first months, fitted once to the partial years up to the origin
  let nowcastFit: ReturnType<typeof fitNowcast> | null = null;
  const nowcastOf = () => (nowcastFit ??= fitNowcast(partialYearPanel((context.partialYear ?? []).filter((r) => r.year <= origin)), null, null));
  observations.forEach((observation, index) => {
    const at = (field?: string): ScenarioIssue['path'] => (field ? ['observe', index, field] : ['observe', index]);
    const { name, year, months, value } = observation;
    const what = `${name}@${year}${months ? `:${months}` : ''}`;
    const kind = observableNamed(name, seriesNames, scheduleUnits);
    if (!kind) {
      const shares = seriesNames.filter((s) => s.startsWith('share.')).slice(0, 2);
      const scheduleNames = Object.keys(scheduleUnits);
      const known = [...Object.keys(OBSERVABLE), ...scheduleNames, ...shares].join(', ');
      const hint = scheduleNames.length === 0 && /fee|tariff|schedule/i.test(name) ? '; this scenario declares no schedules (a `schedules:` block, e.g. recyclingFee)' : '';
      issues.push({ path: at('name'), message: `${what}: unknown name "${name}"; observable: ${known} …${hint}` });
      return;
    }
    const key = `${name}@${year}:${months ?? 12}`;
    if (seen.has(key)) issues.push({ path: at(), message: `${what}: observed twice; give one value for a name and year` });
    seen.add(key);
    if (year <= origin) {
      issues.push({ path: at('year'), message: `${what}: ${year} is not after the origin ${origin}; the origin and earlier years come from the data` });
      return;
    }
    const y = years.indexOf(year);
    if (y < 0) {
      issues.push({ path: at('year'), message: `${what}: ${year} is outside the projection ${years[0]}–${years.at(-1)}` });
      return;
    }
    if (months !== undefined && !kind.partialYear) issues.push({ path: at('months'), message: `${what}: only the full year of ${name} can be observed; drop the months` });
    if (observation.sd !== undefined && kind.kind === 'driver') issues.push({ path: at('sd'), message: `${what}: a driver is pinned exactly; sd is for outcomes` });
    if (name === 'regime') {
      const r = typeof value === 'string' ? regimeNames.indexOf(value) : -1;
      if (r < 0) issues.push({ path: at('value'), message: `${what}: expected a regime of the scenario (${regimeNames.join(', ')}), got ${JSON.stringify(value)}` });
      else observed.regime[y] = r;
      summaries.push({ name, year, value, kind: 'driver' });
      return;
    }
    if (typeof value !== 'number' || !kind.valid(value)) {
      issues.push({ path: at('value'), message: `${what}: expected a number ${kind.domain} (${kind.unit}), got ${JSON.stringify(value)}` });
      return;
    }
    summaries.push({ name, year, ...(months === undefined ? {} : { months }), value, kind: kind.kind });
    if (kind.kind === 'outcome') {
      const isShare = name.startsWith('share.');
      let cumulative: CompiledOutcome['cumulative'];
      if (months !== undefined) {
        if (!context.partialYear) {
          issues.push({
            path: at('months'),
            message: `${what}: a January–month value is read against the partial-year data, which this scenario does not name (data.partialYear, e.g. data/partial_year.csv)`,
          });
          return;
        }
        const nowcast = fullYearGivenPartial(nowcastOf(), months, value, {}, 'constant-share');
        if (!nowcast.ok) {
          issues.push({ path: at('months'), message: `${what}: ${nowcast.message}` });
          return;
        }
        cumulative = { logRatio: nowcast.nowcast.logRatio, logScale: nowcast.nowcast.logScale, degreesOfFreedom: nowcast.nowcast.degreesOfFreedom };
      }
      outcomes.push({
        index,
        name,
        year,
        yearIndex: y,
        seriesIndex: seriesNames.indexOf(name),
        ...(months === undefined ? {} : { months }),
        value,
        sd: observation.sd ?? (isShare ? OUTCOME_SHARE_SD : OUTCOME_LOG_SD),
        isShare,
        ...(cumulative ? { cumulative } : {}),
      });
      return;
    }
    if (name === 'oilPrice') observed.oilPrice[y] = value;
    else if (name === 'rubPerCny') observed.rubPerCny[y] = value;
    else if (name === 'crudeVolume') observed.crudeVolume[y] = value;
    else {
      const values = schedules.get(name) ?? new Float64Array(Y).fill(NaN);
      values[y] = value;
      schedules.set(name, values);
    }
  });

  // the conditioning of each pattern of pinned shocks that some year uses
  const shockConditioning = new Float64Array(4 * CONDITIONING_STRIDE);
  for (let y = 0; y < Y; y++) {
    const pattern = (observed.oilPrice[y] === observed.oilPrice[y] ? PINNED_OIL : 0) | (observed.rubPerCny[y] === observed.rubPerCny[y] ? PINNED_ROUBLE : 0);
    if (pattern === 0 || shockConditioning[pattern * CONDITIONING_STRIDE + 16] !== 0 || shockConditioning[pattern * CONDITIONING_STRIDE] !== 0) continue;
    const conditional = conditionalShocks(context.correlation, SHOCK_COUNT, [(pattern & PINNED_OIL) !== 0, (pattern & PINNED_ROUBLE) !== 0, false, false]);
    if (!conditional) {
      issues.push({ path: ['correlation', 'matrix'], message: `cannot condition the shocks of ${years[y]} on the observed oil price and rouble: their correlation is ±1` });
      continue;
    }
    shockConditioning.set(conditional.mean, pattern * CONDITIONING_STRIDE);
    shockConditioning.set(conditional.factor, pattern * CONDITIONING_STRIDE + 16);
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, compiled: { observed, shockConditioning, outcomes, summaries, schedules } };
}
