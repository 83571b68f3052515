import { exp } from '../../core/exp.js';
import { studentTQuantile } from '../../core/studentTQuantile.js';
import { NOWCAST_QUANTILES } from '../../core/defaults.js';
import { momentumOf, monthGap, previousYears, type NowcastFit, type PreviousYears } from './fitNowcast.js';
import type { PartialYearPanel } from './partialYearPanel.js';

/** Which model a nowcast uses: the constant share of each period, or the share moved by momentum. */
export type NowcastMethod = 'constant-share' | 'momentum';

/** What is known of the years before the one being nowcast: what the momentum model reads. */
export type NowcastContext = PreviousYears;

/**
 * The predictive distribution of a full year's turnover given its first months: log(full year)
 * = log(cumulative) + r, r ~ center + scale · t(df). US$ bn throughout.
 */
export interface FullYearNowcast {
  readonly unit: 'US$ bn';
  readonly months: number;
  /** the observed cumulative turnover, US$ bn */
  readonly cumulative: number;
  /** the model used (momentum falls back to constant-share where the context lacks a figure) */
  readonly method: NowcastMethod;
  /** median of the full year, US$ bn */
  readonly median: number;
  /** centre of log(full year / cumulative) */
  readonly logRatio: number;
  /** scale of the Student t of log(full year), log points (parameter uncertainty included) */
  readonly logScale: number;
  readonly degreesOfFreedom: number;
  /** standard deviation of log(full year), log points: scale·√(df/(df − 2)); null for df ≤ 2 */
  readonly sdLog: number | null;
  /** the share of the year the observed months carry, at the median (cumulative / median) */
  readonly impliedShare: number;
  /** the momentum regressor of the context (the fit's, acceleration by default), log points, or null */
  readonly momentum: number | null;
  /** full-year quantiles, US$ bn */
  readonly quantiles: readonly { readonly probability: number; readonly value: number }[];
  /** in words: which years and how many stand behind it */
  readonly basis: string;
}

export type NowcastOutcome = { readonly ok: true; readonly nowcast: FullYearNowcast } | { readonly ok: false; readonly message: string };

/**
 * The full year given `cumulative` US$ bn over its first `months` months (2–11). With
 * `momentum` and a complete context, r = α_m + β·g_m·a with the fit's regressor a (acceleration)
 * read from the context;
 * otherwise r is the mean over years of ln(full year / cumulative). The spread is the residual
 * spread across years, widened for the estimated centre (and slope), as a Student t.
 */
export function fullYearGivenPartial(fit: NowcastFit, months: number, cumulative: number, context: NowcastContext = {}, method: NowcastMethod = 'momentum'): NowcastOutcome {
  if (!Number.isInteger(months) || months < 2 || months > 11) return { ok: false, message: `months: expected a whole number from 2 to 11, got ${months}` };
  if (!(cumulative > 0) || !Number.isFinite(cumulative)) return { ok: false, message: `cumulative: expected a positive number of US$ bn, got ${cumulative}` };
  const monthFit = fit.months.find((m) => m.months === months);
  if (!monthFit) return { ok: false, message: `months: the data hold too few years with a January–${months} figure to nowcast from it` };
  const momentum = fit.momentum ? momentumOf(fit.momentum.regressor, cumulative, context) : null;
  const useMomentum = method === 'momentum' && momentum !== null && fit.momentum !== null && monthFit.momentum !== null;
  let logRatio: number;
  let logScale: number;
  let degreesOfFreedom: number;
  let basis: string;
  const yearSpan = (years: readonly number[]) => `${years.length} years (${years[0]}–${years.at(-1)})`;
  if (useMomentum) {
    const at = monthFit.momentum!;
    const slope = fit.momentum!.slope;
    const g = monthGap(months);
    const n = at.years.length;
    logRatio = at.intercept + slope.estimate * g * momentum!;
    const slopeError = Math.max(slope.standardError ?? 0, fit.momentum!.modelStandardError);
    const slopeVariance = slopeError * slopeError;
    const offset = g * (momentum! - at.meanRegressor);
    logScale = Math.sqrt(at.residualSd * at.residualSd * (1 + 1 / n) + offset * offset * slopeVariance);
    degreesOfFreedom = n - 2;
    basis = `momentum: ${yearSpan(at.years)} at ${months} months, slope pooled over ${fit.momentum!.years} years`;
  } else {
    const n = monthFit.years.length;
    logRatio = monthFit.meanLogRatio;
    logScale = monthFit.sdLogRatio * Math.sqrt(1 + 1 / n);
    degreesOfFreedom = n - 1;
    basis = `constant share: ${yearSpan(monthFit.years)} at ${months} months${method === 'momentum' ? ' (no momentum: the context or the fit lacks a figure)' : ''}`;
  }
  const median = cumulative * exp(logRatio);
  return {
    ok: true,
    nowcast: {
      unit: 'US$ bn',
      months,
      cumulative,
      method: useMomentum ? 'momentum' : 'constant-share',
      median,
      logRatio,
      logScale,
      degreesOfFreedom,
      sdLog: degreesOfFreedom > 2 ? logScale * Math.sqrt(degreesOfFreedom / (degreesOfFreedom - 2)) : null,
      impliedShare: cumulative / median,
      momentum,
      quantiles: NOWCAST_QUANTILES.map((probability) => ({ probability, value: median * exp(logScale * tQuantile(probability, degreesOfFreedom)) })),
      basis,
    },
  };
}

/** The central interval of a nowcast at `level` (0.8: the 10th to 90th percentile), US$ bn. */
export function nowcastInterval(nowcast: FullYearNowcast, level: number): { readonly low: number; readonly high: number } {
  const t = tQuantile(1 - (1 - level) / 2, nowcast.degreesOfFreedom);
  return { low: nowcast.median * exp(-t * nowcast.logScale), high: nowcast.median * exp(t * nowcast.logScale) };
}

/** The context of year `year` at `months` from the panel: the previous year's same period and the two full years before. */
export function nowcastContext(panel: PartialYearPanel, year: number, months: number): NowcastContext {
  return previousYears(panel, year, months);
}

/** Student t quantiles by (probability, degrees of freedom), kept: a leave-one-year-out evaluation asks for the same few thousands of times. */
const tQuantiles = new Map<string, number>();

function tQuantile(probability: number, degreesOfFreedom: number): number {
  const key = `${probability}|${degreesOfFreedom}`;
  let value = tQuantiles.get(key);
  if (value === undefined) tQuantiles.set(key, (value = studentTQuantile(probability, degreesOfFreedom)));
  return value;
}
