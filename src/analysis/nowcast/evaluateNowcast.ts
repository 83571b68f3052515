import { CONFIDENCE_LEVEL } from '../../core/defaults.js';
import { binomialInterval } from '../../core/binomialInterval.js';
import { NOWCAST_INTERVALS } from '../defaults.js';
import { fitNowcast, NOWCAST_MONTHS } from '../../scenario/nowcast/fitNowcast.js';
import { fullYearGivenPartial, nowcastContext, nowcastInterval, type NowcastMethod } from '../../scenario/nowcast/fullYearGivenPartial.js';
import type { PartialYearPanel } from '../../scenario/nowcast/partialYearPanel.js';

/** One held-out year at one partial period. US$ bn. */
export interface NowcastCase {
  readonly year: number;
  readonly months: number;
  readonly cumulative: number;
  /** the full year the data state */
  readonly fullYear: number;
  /** the model the forecast used (momentum falls back to constant-share without a context) */
  readonly method: NowcastMethod;
  readonly median: number;
  readonly intervals: readonly { readonly level: number; readonly low: number; readonly high: number; readonly covered: boolean }[];
  /** median / full year − 1 */
  readonly error: number;
  /** naive m/12 scaling: cumulative · 12/m / full year − 1 */
  readonly naiveError: number;
  /** the cumulative or full-year figure is DERIVED */
  readonly derived: boolean;
}

/** The evaluation of one partial period (or of all: months null). */
export interface NowcastSummary {
  readonly months: number | null;
  readonly cases: number;
  readonly derivedCases: number;
  readonly momentumCases: number;
  /** observed coverage of each central interval, with the 95% range of a calibrated forecast's hit rate */
  readonly coverage: readonly { readonly level: number; readonly observed: number; readonly low: number; readonly high: number }[];
  /** mean absolute percentage error of the median, and of naive m/12 scaling, in % */
  readonly meanAbsolutePercentageError: number;
  readonly naiveMeanAbsolutePercentageError: number;
  /** model / naive: below 1 the model is better */
  readonly errorRatio: number;
}

export interface NowcastEvaluation {
  readonly method: NowcastMethod;
  readonly cases: readonly NowcastCase[];
  readonly byMonth: readonly NowcastSummary[];
  readonly overall: NowcastSummary;
}

/**
 * Leave-one-year-out evaluation: for each year with a full-year total, refit without any figure
 * of that year (fitNowcast's `heldOutYear`), nowcast the full year from each of its partial
 * periods, and score the forecast against the stated total — coverage of the central
 * NOWCAST_INTERVALS and the absolute percentage error of the median, beside naive m/12 scaling.
 * Cases of one year share its surprise, so coverage counts are not independent: the binomial
 * ranges are a guide, not a test.
 */
export function evaluateNowcast(panel: PartialYearPanel, method: NowcastMethod): NowcastEvaluation {
  const cases: NowcastCase[] = [];
  for (const entry of panel) {
    if (!entry.fullYear) continue;
    const fit = fitNowcast(panel, entry.year, method === 'momentum' ? 'acceleration' : null);
    for (const months of NOWCAST_MONTHS) {
      const cell = entry.cumulative.get(months);
      if (!cell) continue;
      const outcome = fullYearGivenPartial(fit, months, cell.value, nowcastContext(panel, entry.year, months), method);
      if (!outcome.ok) continue;
      const nowcast = outcome.nowcast;
      const fullYear = entry.fullYear.value;
      cases.push({
        year: entry.year,
        months,
        cumulative: cell.value,
        fullYear,
        method: nowcast.method,
        median: nowcast.median,
        intervals: NOWCAST_INTERVALS.map((level) => {
          const { low, high } = nowcastInterval(nowcast, level);
          return { level, low, high, covered: fullYear >= low && fullYear <= high };
        }),
        error: nowcast.median / fullYear - 1,
        naiveError: (cell.value * 12) / months / fullYear - 1,
        derived: cell.kind === 'derived' || entry.fullYear.kind === 'derived',
      });
    }
  }
  const byMonth = NOWCAST_MONTHS.map((m) =>
    summarise(
      m,
      cases.filter((c) => c.months === m),
    ),
  ).filter((s) => s.cases > 0);
  return { method, cases, byMonth, overall: summarise(null, cases) };
}

/** Coverage and errors of a set of cases. */
export function summarise(months: number | null, cases: readonly NowcastCase[]): NowcastSummary {
  const n = cases.length;
  const meanAbsolute = (errors: number[]) => (100 * errors.reduce((s, e) => s + Math.abs(e), 0)) / n;
  const model = meanAbsolute(cases.map((c) => c.error));
  const naive = meanAbsolute(cases.map((c) => c.naiveError));
  return {
    months,
    cases: n,
    derivedCases: cases.filter((c) => c.derived).length,
    momentumCases: cases.filter((c) => c.method === 'momentum').length,
    coverage: NOWCAST_INTERVALS.map((level, i) => ({
      level,
      observed: cases.filter((c) => c.intervals[i]!.covered).length / n,
      ...binomialInterval(n, level, CONFIDENCE_LEVEL),
    })),
    meanAbsolutePercentageError: model,
    naiveMeanAbsolutePercentageError: naive,
    errorRatio: model / naive,
  };
}
