import type { NowcastEvaluation } from '../analysis/nowcast/evaluateNowcast.js';
import type { MomentumFit, NowcastFit } from '../scenario/nowcast/fitNowcast.js';
import type { FullYearNowcast } from '../scenario/nowcast/fullYearGivenPartial.js';
import { periodLabel } from '../scenario/parsePartialYear.js';
import { fixed, textTable } from './textTable.js';

const percentOf = (fraction: number, digits = 1) => `${fixed(100 * fraction, digits)}%`;
const pValue = (p: number | null) => (p === null ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));

/** The share of the year each partial period carries, its spread, and the momentum slopes considered. */
export function formatNowcastFit(fit: NowcastFit, comparisons: readonly MomentumFit[], source: string): string {
  const out = [
    `Share of the full year carried by January–m (GACC turnover, US$ bn; ${source})`,
    'r = ln(full year / cumulative); the share is e^−r. Spread: standard deviation of r across years, log points (≈ relative).',
    '',
    ...textTable(
      ['period', 'm', 'years', 'derived', 'mean share', 'lowest', 'highest', 'sd of r, log pts', 'from–to'],
      fit.months.map((m) => [
        periodLabel(m.months),
        String(m.months),
        String(m.years.length),
        String(m.derivedYears),
        percentOf(m.share.mean),
        percentOf(m.share.low),
        percentOf(m.share.high),
        fixed(m.sdLogRatio, 4),
        `${m.years[0]}–${m.years.at(-1)}`,
      ]),
    ),
    '',
    'Momentum: r = α_m + β·g_m·a, g_m = (12 − m)/2 months, pooled over m by weighted least squares;',
    'SE cluster-robust by year (t with years − 1 df), beside the model-based SE. a, in log points:',
    '  acceleration     growth of the partial period over the same months a year earlier, minus the previous year’s growth',
    '  partial-growth   growth of the partial period over the same months a year earlier',
    '  previous-growth  the previous full year’s growth',
    '',
    ...textTable(
      ['regressor', 'β per log point·month', 'SE (robust)', 'SE (model)', 'p', 'observations', 'years'],
      comparisons.map((c) => [
        c.regressor,
        fixed(c.slope.estimate, 4),
        c.slope.standardError === null ? '–' : fixed(c.slope.standardError, 4),
        fixed(c.modelStandardError, 4),
        pValue(c.slope.pValue),
        String(c.observations),
        String(c.years),
      ]),
    ),
  ];
  return out.join('\n') + '\n';
}

/** The predictive distribution of the full year. */
export function formatNowcast(nowcast: FullYearNowcast, year: number | null): string {
  const period = `${periodLabel(nowcast.months)}${year === null ? '' : ` ${year}`}`;
  const out = [
    `Full year${year === null ? '' : ` ${year}`} given ${period} = ${nowcast.cumulative} US$ bn (${nowcast.method}; ${nowcast.basis})`,
    `  median ${fixed(nowcast.median, 1)} US$ bn — ${period} would be ${percentOf(nowcast.impliedShare)} of the year`,
    `  log(full year) ~ ln(median) + ${fixed(nowcast.logScale, 4)} · t(${nowcast.degreesOfFreedom} df); sd of the log ${nowcast.sdLog === null ? '– (df ≤ 2)' : fixed(nowcast.sdLog, 4)}`,
    ...(nowcast.method === 'momentum' && nowcast.momentum !== null ? [`  momentum regressor (acceleration) ${fixed(nowcast.momentum, 3)} log points`] : []),
    '',
    ...textTable(['percentile', ...nowcast.quantiles.map((q) => `${Math.round(100 * q.probability)}th`)], [['full year, US$ bn', ...nowcast.quantiles.map((q) => fixed(q.value, 1))]]),
  ];
  return out.join('\n') + '\n';
}

/** The leave-one-year-out table of one method. */
export function formatNowcastEvaluation(evaluation: NowcastEvaluation): string {
  const rows = [...evaluation.byMonth, evaluation.overall].map((s) => [
    s.months === null ? 'all' : periodLabel(s.months),
    String(s.cases),
    String(s.derivedCases),
    ...s.coverage.map((c) => `${percentOf(c.observed, 0)} (${percentOf(c.low, 0)}–${percentOf(c.high, 0)})`),
    `${fixed(s.meanAbsolutePercentageError, 2)}%`,
    `${fixed(s.naiveMeanAbsolutePercentageError, 2)}%`,
    fixed(s.errorRatio, 2),
  ]);
  const out = [
    `Leave one year out, ${evaluation.method}${evaluation.method === 'momentum' ? ` (momentum where the year before has the figures: ${evaluation.overall.momentumCases} of ${evaluation.overall.cases} cases)` : ''}:`,
    ...textTable(['period', 'years', 'derived', ...evaluation.overall.coverage.map((c) => `${percentOf(c.level, 0)} interval covers`), 'MAPE', 'MAPE m/12', 'ratio'], rows),
  ];
  return out.join('\n') + '\n';
}
