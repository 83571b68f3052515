import { BACKTEST_PERIODS, BACKTEST_SERIES, type BacktestResult } from '../analysis/backtest/backtest.js';
import { fixed, percent, signed, textTable } from './textTable.js';

const FORECASTER_LABELS = { model: 'model', randomWalkDrift: 'random walk + drift', noChange: 'no change' } as const;
const SERIES_TITLES = {
  'log turnover': 'Log turnover (CRPS and pinball in log points: 0.10 ≈ 10%)',
  'share.cars.china': 'Chinese brands’ share of new-car sales (CRPS and pinball as fractions: 0.10 = 10 pp)',
} as const;

/** A readable report of a back-test: scores by period, CRPS by horizon, what was skipped. */
export function formatBacktest(result: BacktestResult): string {
  const out: string[] = [
    `Back-test of ${result.scenario}: ${result.name}`,
    `origins ${result.origins[0]}–${result.origins.at(-1)} · horizons ${result.horizons[0]}–${result.horizons.at(-1)} years · ${result.samples.toLocaleString('en-US')} draws per forecast · seed ${result.seed} · tradecast ${result.version}`,
    `Scores: fair CRPS (lower is better), mean pinball loss, coverage of central intervals [95% binomial band], PIT histogram (${result.summary[0]?.pitHistogram.length ?? 0} bins, flat = calibrated), skill = 1 − CRPS_model / CRPS_benchmark.`,
  ];
  for (const series of BACKTEST_SERIES) {
    for (const period of BACKTEST_PERIODS) {
      const rows = result.summary.filter((s) => s.series === series && s.period === period);
      if (rows.length === 0) continue;
      if (period === 'all' && result.summary.filter((s) => s.series === series && s.period !== 'all').length === rows.length) continue; // one period only: "all" repeats it
      const origins = [...new Set(result.forecasts.filter((f) => f.series === series && (period === 'all' || (period === 'before 2022') === f.origin < result.breakYear)).map((f) => f.origin))];
      out.push('', `${SERIES_TITLES[series]} — ${period === 'all' ? 'all origins' : `origins ${period}`} (${origins.join(', ')}): ${rows[0]!.count} forecasts each`);
      out.push(
        ...textTable(
          ['forecaster', 'CRPS', 'pinball', ...result.coverageLevels.map((l) => `${percent(l, 0)} interval`), 'PIT', 'skill vs RW+drift', 'vs no change'],
          rows.map((s) => [
            FORECASTER_LABELS[s.forecaster],
            fixed(s.crps, 4),
            fixed(s.pinball, 4),
            ...s.coverage.map((c) => `${percent(c.observed, 0)} [${percent(c.low, 0)}–${percent(c.high, 0)}]`),
            s.pitHistogram.join(' '),
            s.skill ? signed(100 * s.skill.randomWalkDrift, 1) + '%' : '',
            s.skill ? signed(100 * s.skill.noChange, 1) + '%' : '',
          ]),
        ),
      );
    }
    const byHorizon = result.byHorizon.filter((h) => h.series === series && h.period === 'all');
    if (byHorizon.length > 0) {
      const horizons = [...new Set(byHorizon.map((h) => h.horizon))];
      out.push(`  CRPS by horizon, all origins (forecasts: ${horizons.map((h) => byHorizon.find((b) => b.horizon === h)!.count).join(', ')})`);
      out.push(
        ...textTable(
          ['forecaster', ...horizons.map((h) => `h=${h}`)],
          (['model', 'randomWalkDrift', 'noChange'] as const).map((f) => [
            FORECASTER_LABELS[f],
            ...horizons.map((h) => {
              const cell = byHorizon.find((b) => b.horizon === h && b.forecaster === f);
              return cell ? fixed(cell.crps, 4) : '';
            }),
          ]),
          1,
          '    ',
        ),
      );
    }
  }
  out.push('', `The scenario’s own turnover spread grows with the horizon as Var(h)/Var(1) = ${result.scenarioVarianceRatio.map((v) => fixed(v, 2)).join(', ')} (a random walk: 1, 2, 3, …).`);
  const skippedBySeries = BACKTEST_SERIES.map((series) => ({ series, rows: result.skipped.filter((s) => s.series === series) })).filter((g) => g.rows.length > 0);
  if (skippedBySeries.length > 0) {
    out.push('Not scored:');
    for (const group of skippedBySeries) {
      const reasons = new Map<string, number[]>();
      for (const s of group.rows) reasons.set(s.reason, [...(reasons.get(s.reason) ?? []), s.origin]);
      for (const [reason, origins] of reasons) out.push(`  ${group.series}, origin ${origins.join(', ')}: ${reason}`);
    }
  }
  out.push('', ...result.notes.map((note) => `• ${note}`));
  return out.join('\n') + '\n';
}
