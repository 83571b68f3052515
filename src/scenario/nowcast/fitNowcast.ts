import { log } from '../../core/log.js';
import { CONFIDENCE_LEVEL, NOWCAST_MIN_YEARS } from '../../core/defaults.js';
import { coefficientEstimate, type CoefficientEstimate } from '../coefficientEstimate.js';
import type { PartialYearPanel } from './partialYearPanel.js';

/** Months a partial period may cover: January–February (2) to January–November (11). */
export const NOWCAST_MONTHS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

/**
 * What the data say about the share of the full year the first `months` months carry, in the
 * form the nowcast uses: the log ratio r = ln(full year / cumulative), r = −ln(share).
 */
export interface MonthFit {
  readonly months: number;
  /** the years that hold both the cumulative figure and the full year */
  readonly years: readonly number[];
  /** how many of those years have a DERIVED cumulative or full-year figure */
  readonly derivedYears: number;
  /** mean of r over the years */
  readonly meanLogRatio: number;
  /** standard deviation of r across years (n − 1), log points: the spread of the share */
  readonly sdLogRatio: number;
  /** the share itself (cumulative / full year): mean, lowest and highest across years */
  readonly share: { readonly mean: number; readonly low: number; readonly high: number };
  /** with momentum: the years that also have the regressor, its mean, the intercept and residual spread */
  readonly momentum: {
    readonly years: readonly number[];
    /** mean of the regressor over those years, log points */
    readonly meanRegressor: number;
    /** intercept α_m of r = α_m + β·g_m·a (a the regressor) */
    readonly intercept: number;
    /** residual standard deviation, log points, with n − 2 degrees of freedom */
    readonly residualSd: number;
  } | null;
}

/** The pooled momentum slope: how the regressor moves the share, with its uncertainty. */
export interface MomentumFit {
  readonly regressor: MomentumRegressor;
  /**
   * β in r = α_m + β·g_m·a, where a is the regressor (log points) and g_m = (12 − m)/2 months
   * the gap between the mean month of the year and of the partial period (how far a change of
   * within-year growth moves r). Per log point of the regressor and month of gap.
   */
  readonly slope: CoefficientEstimate;
  /** the model-based standard error, 1/√Σ w (z − z̄)², beside the cluster-robust one in `slope` */
  readonly modelStandardError: number;
  /** observations (year, months) and the distinct years they come from */
  readonly observations: number;
  readonly years: number;
}

export interface NowcastFit {
  readonly months: readonly MonthFit[];
  /** null when too few years have the regressor */
  readonly momentum: MomentumFit | null;
  /** the year left out of the fit (a leave-one-year-out evaluation), or null */
  readonly heldOutYear: number | null;
}

/**
 * Measures of a year's momentum, in log points, each read from the year's partial figure and
 * the year or two before it:
 * - `acceleration`: the log growth of the partial period over the same period a year earlier,
 *   minus the log growth of the previous full year over the one before — how much faster the
 *   year has started than the last one ran (the model's regressor: see docs/nowcast.md);
 * - `partial-growth`: the log growth of the partial period over the same period a year earlier;
 * - `previous-growth`: the log growth of the previous full year over the one before.
 */
export const MOMENTUM_REGRESSORS = ['acceleration', 'partial-growth', 'previous-growth'] as const;
export type MomentumRegressor = (typeof MOMENTUM_REGRESSORS)[number];

/** The figures of the year before the one nowcast that the momentum regressors read, US$ bn. */
export interface PreviousYears {
  /** the same January-to-month period a year earlier */
  readonly previousYearCumulative?: number;
  /** the previous full year */
  readonly previousFullYear?: number;
  /** the full year before that */
  readonly yearBeforeFullYear?: number;
}

/** A momentum regressor of a year whose partial figure is `cumulative` (US$ bn), or null where a figure is missing. */
export function momentumOf(regressor: MomentumRegressor, cumulative: number, previous: PreviousYears): number | null {
  const { previousYearCumulative, previousFullYear, yearBeforeFullYear } = previous;
  const partialGrowth = previousYearCumulative ? log(cumulative / previousYearCumulative) : null;
  const previousGrowth = previousFullYear && yearBeforeFullYear ? log(previousFullYear / yearBeforeFullYear) : null;
  if (regressor === 'partial-growth') return partialGrowth;
  if (regressor === 'previous-growth') return previousGrowth;
  return partialGrowth === null || previousGrowth === null ? null : partialGrowth - previousGrowth;
}

/** The figures of the two years before `year` in the panel, leaving out those of `excludedYear`. */
export function previousYears(panel: PartialYearPanel, year: number, months: number, excludedYear: number | null = null): PreviousYears {
  const previous = year - 1 === excludedYear ? undefined : panel.find((y) => y.year === year - 1);
  const before = year - 2 === excludedYear ? undefined : panel.find((y) => y.year === year - 2);
  const previousYearCumulative = previous?.cumulative.get(months)?.value;
  return {
    ...(previousYearCumulative === undefined ? {} : { previousYearCumulative }),
    ...(previous?.fullYear ? { previousFullYear: previous.fullYear.value } : {}),
    ...(before?.fullYear ? { yearBeforeFullYear: before.fullYear.value } : {}),
  };
}

/** g_m: months between the mean month of the year (6.5) and of January–m ((m + 1)/2). */
export function monthGap(months: number): number {
  return (12 - months) / 2;
}

/**
 * Fits the share of the year carried by each partial period, and the pooled momentum slope:
 * - per m, r = ln(full year / cumulative) over the years that hold both: mean and spread;
 * - pooled over m, r = α_m + β·g_m·a + ε, ε ~ N(0, σ_m²), by weighted least squares with weights
 *   1/s_m² (s_m the spread of r at m over the rows with a regressor), α_m per month, a the
 *   `regressor` (acceleration unless asked otherwise; null fits no momentum); the standard
 *   error of β is cluster-robust by year (the months of one year share its surprises), with the
 *   small-sample factor G/(G − 1) and G − 1 degrees of freedom, G the number of years.
 * `heldOutYear` leaves out every figure of that year, and every regressor that reads one (the
 * next two years'), so that a forecast of it uses nothing of it.
 */
export function fitNowcast(panel: PartialYearPanel, heldOutYear: number | null = null, regressor: MomentumRegressor | null = 'acceleration'): NowcastFit {
  type Row = { year: number; logRatio: number; regressor: number | null; derived: boolean; share: number };
  const rowsByMonth = new Map<number, Row[]>();
  for (const months of NOWCAST_MONTHS) {
    const rows: Row[] = [];
    for (const entry of panel) {
      const cell = entry.cumulative.get(months);
      if (entry.year === heldOutYear || !cell || !entry.fullYear) continue;
      rows.push({
        year: entry.year,
        logRatio: log(entry.fullYear.value / cell.value),
        regressor: regressor === null ? null : momentumOf(regressor, cell.value, previousYears(panel, entry.year, months, heldOutYear)),
        derived: cell.kind === 'derived' || entry.fullYear.kind === 'derived',
        share: cell.value / entry.fullYear.value,
      });
    }
    rowsByMonth.set(months, rows);
  }

  // — pooled momentum slope —
  type Group = { months: number; rows: Row[]; weight: number; meanZ: number; meanR: number };
  const groups: Group[] = [];
  for (const months of NOWCAST_MONTHS) {
    const rows = rowsByMonth.get(months)!.filter((r) => r.regressor !== null);
    if (rows.length < NOWCAST_MIN_YEARS) continue;
    const sd = standardDeviation(rows.map((r) => r.logRatio));
    if (!(sd > 0)) continue;
    const g = monthGap(months);
    groups.push({ months, rows, weight: 1 / (sd * sd), meanZ: mean(rows.map((r) => g * r.regressor!)), meanR: mean(rows.map((r) => r.logRatio)) });
  }
  let numerator = 0;
  let denominator = 0;
  for (const group of groups) {
    const g = monthGap(group.months);
    for (const row of group.rows) {
      const dz = g * row.regressor! - group.meanZ;
      numerator += group.weight * dz * (row.logRatio - group.meanR);
      denominator += group.weight * dz * dz;
    }
  }
  const yearsInFit = new Set(groups.flatMap((group) => group.rows.map((r) => r.year)));
  let momentum: MomentumFit | null = null;
  let slope = 0;
  if (regressor !== null && denominator > 0 && yearsInFit.size >= NOWCAST_MIN_YEARS) {
    slope = numerator / denominator;
    const scoreByYear = new Map<number, number>();
    for (const group of groups) {
      const g = monthGap(group.months);
      for (const row of group.rows) {
        const dz = g * row.regressor! - group.meanZ;
        const residual = row.logRatio - group.meanR - slope * dz;
        scoreByYear.set(row.year, (scoreByYear.get(row.year) ?? 0) + group.weight * dz * residual);
      }
    }
    const clusters = scoreByYear.size;
    let meat = 0;
    for (const score of scoreByYear.values()) meat += score * score;
    const robustVariance = ((clusters / (clusters - 1)) * meat) / (denominator * denominator);
    momentum = {
      regressor,
      slope: coefficientEstimate('momentum slope β', slope, robustVariance, clusters - 1, CONFIDENCE_LEVEL),
      modelStandardError: Math.sqrt(1 / denominator),
      observations: groups.reduce((sum, group) => sum + group.rows.length, 0),
      years: clusters,
    };
  }

  const months: MonthFit[] = [];
  for (const m of NOWCAST_MONTHS) {
    const rows = rowsByMonth.get(m)!;
    if (rows.length < NOWCAST_MIN_YEARS) continue;
    const logRatios = rows.map((r) => r.logRatio);
    const group = groups.find((g) => g.months === m);
    let momentumAt: MonthFit['momentum'] = null;
    if (momentum && group && group.rows.length >= NOWCAST_MIN_YEARS) {
      const g = monthGap(m);
      const intercept = group.meanR - slope * group.meanZ;
      const residuals = group.rows.map((r) => r.logRatio - intercept - slope * g * r.regressor!);
      momentumAt = {
        years: group.rows.map((r) => r.year),
        meanRegressor: group.meanZ / g,
        intercept,
        residualSd: Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / (residuals.length - 2)),
      };
    }
    const shares = rows.map((r) => r.share);
    months.push({
      months: m,
      years: rows.map((r) => r.year),
      derivedYears: rows.filter((r) => r.derived).length,
      meanLogRatio: mean(logRatios),
      sdLogRatio: standardDeviation(logRatios),
      share: { mean: mean(shares), low: Math.min(...shares), high: Math.max(...shares) },
      momentum: momentumAt,
    });
  }
  return { months, momentum, heldOutYear };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) * (v - m), 0) / (values.length - 1));
}
