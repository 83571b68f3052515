import { BACKTEST_PERIODS, BACKTEST_SERIES, type BacktestResult } from '../analysis/backtest/backtest.js';
import { fixed, percent, signed, textTable } from './textTable.js';

const FORECASTER_LABELS = { model: 'model', randomWalkDrift: 'random walk + drift', noChange: 'no change' } as const;
const MODE_LABELS = { exAnte: 'ex ante', exPost: 'ex post' } as const;
const SERIES_TITLES = {
  'log turnover': 'Log turnover (CRPS in log points: 0.10 ≈ 10%)',
  'log exportsToChina': 'Log exports to China (CRPS in log points)',
  'log importsFromChina': 'Log imports from China (CRPS in log points)',
  'share.cars.china': 'Chinese brands’ share of new-car sales (CRPS as a fraction: 0.10 = 10 pp)',
} as const;

/** A readable report of a back-test: scores by series, period, mode and forecaster, CRPS by horizon, the set-up and what was skipped. */
export function formatBacktest(result: BacktestResult): string {
  const restarted = result.setup.map((s) => s.origin);
  const out: string[] = [
    `Back-test of ${result.scenario}: ${result.name}`,
    `origins ${restarted.join(', ')} · horizons ${result.horizons[0]}–${result.horizons.at(-1)} years · ${result.samples.toLocaleString('en-US')} paths per forecast · seed ${result.seed} · tradecast ${result.version}`,
    'The engine restarted at each origin from that year’s data (rules: docs/model-card.md). Ex ante: oil, rouble, crude volume and regime simulated; ex post: pinned to what happened.',
    'Scores: fair CRPS ± origin-clustered s.e. (lower is better), skill = 1 − CRPS / CRPS of the benchmark on the same forecasts, coverage of the central 50/80/90% intervals, PIT histogram (flat = calibrated).',
  ];
  const se = (value: number | null, digits: number) => (value === null ? '' : ` ± ${fixed(value, digits)}`);
  const skill = (value: number | null, error: number | null) => (value === null ? '' : `${signed(100 * value, 1)}%${error === null ? '' : ` ± ${fixed(100 * error, 1)}`}`);
  for (const series of BACKTEST_SERIES) {
    const rows = result.evaluations.filter((e) => e.series === series);
    if (rows.length === 0) continue;
    out.push('', SERIES_TITLES[series]);
    out.push(
      ...textTable(
        ['origins', 'mode', 'forecaster', 'n', 'CRPS', 'skill vs RW+drift', 'vs no change', 'coverage 50/80/90%', 'PIT'],
        BACKTEST_PERIODS.flatMap((period) =>
          rows
            .filter((e) => e.period === period)
            .map((e, i) => [
              i === 0 ? `${period} (${e.origins})` : '',
              MODE_LABELS[e.mode],
              FORECASTER_LABELS[e.forecaster],
              String(e.forecasts),
              `${fixed(e.crps, 4)}${se(e.crpsStandardError, 4)}`,
              e.forecaster === 'randomWalkDrift' ? '' : skill(e.skillVsRandomWalkDrift, e.skillStandardError),
              e.forecaster === 'noChange' ? '' : skill(e.skillVsNoChange, e.skillVsNoChangeStandardError),
              `${percent(e.coverage['50'], 0)} ${percent(e.coverage['80'], 0)} ${percent(e.coverage['90'], 0)}`,
              e.pitHistogram.join(' '),
            ]),
        ),
      ),
    );
    const shares = result.inputShares.filter((s) => s.series === series);
    if (shares.length > 0) {
      out.push(
        `  share of the model's error due to its inputs (1 − CRPS ex post / ex ante): ${shares.map((s) => `${s.period} ${signed(100 * s.share, 0)}%${s.standardError === null ? '' : ` ± ${fixed(100 * s.standardError, 0)}`}`).join(' · ')}`,
      );
    }
    const byHorizon = result.byHorizon.filter((h) => h.series === series && h.period === 'all');
    const horizons = [...new Set(byHorizon.map((h) => h.horizon))];
    const lines = [
      ['model ex ante', 'exAnte', 'model'],
      ['model ex post', 'exPost', 'model'],
      ['random walk + drift', 'exAnte', 'randomWalkDrift'],
      ['no change', 'exAnte', 'noChange'],
    ] as const;
    if (horizons.length > 1) {
      out.push('  CRPS by horizon, all origins:');
      out.push(
        ...textTable(
          ['', ...horizons.map((h) => `h=${h} (n ${byHorizon.find((b) => b.horizon === h)!.count})`)],
          lines.map(([label, mode, forecaster]) => [
            label,
            ...horizons.map((h) => byHorizon.find((b) => b.horizon === h && b.mode === mode && b.forecaster === forecaster)).map((cell) => (cell ? fixed(cell.crps, 4) : '')),
          ]),
          1,
          '    ',
        ),
      );
    }
  }
  out.push('', 'Set-up at each origin (form: reduced = no sectors; cars = the cars sector alone):');
  out.push(
    ...textTable(
      ['origin', 'form', 'export/import split', 'oil US$/bbl', 'regime', 'notes'],
      result.setup.map((s) => [String(s.origin), s.form, s.split, `${fixed(s.oilPrice, 1)}${s.oilProxy ? ' (Brent)' : ''}`, s.regime, s.notes.join('; ')]),
      1,
      '  ',
    ),
  );
  out.push('', `The scenario’s own turnover spread grows with the horizon as Var(h)/Var(1) = ${result.scenarioVarianceRatio.map((v) => fixed(v, 2)).join(', ')} (a random walk: 1, 2, 3, …).`);
  const skipped = BACKTEST_SERIES.map((series) => ({ series, rows: result.skipped.filter((s) => s.series === series) })).filter((g) => g.rows.length > 0);
  if (skipped.length > 0) {
    out.push('Not scored:');
    for (const group of skipped) {
      const reasons = new Map<string, number[]>();
      for (const s of group.rows) reasons.set(s.reason, [...(reasons.get(s.reason) ?? []), s.origin]);
      for (const [reason, origins] of reasons) out.push(`  ${group.series}, origin ${origins.join(', ')}: ${reason}`);
    }
  }
  out.push('', ...result.notes.map((note) => `• ${note}`));
  return out.join('\n') + '\n';
}
