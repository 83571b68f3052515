import type { SimulationResult } from '../run/simulationResult.js';
import type { SeriesSummary } from '../core/summarise.js';
import { uncertaintyOf } from '../run/targetUncertainty.js';

const COLUMNS = ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const;

/** A readable terminal report of a result: key series by year, targets, regimes. */
export function formatTable(result: SimulationResult): string {
  const out: string[] = [];
  out.push(`${result.name}`);
  out.push(
    `scenario ${result.scenario} · ${result.paths.toLocaleString('en-US')} paths · seed ${result.seed} · ` +
      `projection ${result.years[0]}–${result.horizon} from ${result.origin} · inputs ${result.inputHash.slice(0, 12)} · tradecast ${result.version}`,
  );
  out.push('Each row: mean and percentiles across paths (p5–p95 is the 90% band).');
  const shares = Object.keys(result.series).filter((name) => name.startsWith('share.') && name.endsWith('.china'));
  const names = ['turnover', 'exportsToChina', 'importsFromChina', 'oilPrice', 'rubPerCny', ...shares];
  for (const name of names) {
    const summary = result.series[name];
    if (!summary) continue;
    out.push('', `${TITLES[name] ?? titleForShare(name)} (${displayUnit(summary.unit)})`);
    out.push(row(['year', ...COLUMNS]));
    const last = lastHistory(result, name);
    if (last) out.push(`${row([String(last.year), format(last.value, summary.unit)])}   (history)`);
    result.years.forEach((year, y) => out.push(row([String(year), ...COLUMNS.map((c) => format(column(summary, c)[y]!, summary.unit))])));
  }
  if (result.targets.length > 0) {
    out.push('', 'Targets (probability across paths; ± is the Monte Carlo standard error)');
    const width = Math.max(...result.targets.map((t) => t.label.length));
    for (const target of result.targets) {
      const value =
        target.probability === null
          ? `not projected (${target.year} is outside ${result.years[0]}–${result.horizon})`
          : `${(100 * target.probability).toFixed(1).padStart(5)}%  ${uncertaintyOf(target, result.paths)}`;
      out.push(`  ${target.label.padEnd(width)}  ${value}`);
    }
  }
  out.push('', `Sanctions regime, probability by year (${result.years[0]}–${result.horizon})`);
  for (const name of result.regimes.names) {
    const p = result.regimes.probability[name] ?? [];
    out.push(`  ${name.padEnd(12)} ${p.map((v) => `${(100 * v).toFixed(0).padStart(4)}%`).join('')}`);
  }
  return out.join('\n') + '\n';
}

const TITLES: Readonly<Record<string, string>> = {
  turnover: 'Russia–China trade turnover',
  exportsToChina: 'Russia’s exports to China',
  importsFromChina: 'Russia’s imports from China',
  oilPrice: 'Oil price (China’s import unit value of Russian crude)',
  rubPerCny: 'Rouble per yuan',
};

function titleForShare(name: string): string {
  const [, sector, supplier] = name.split('.');
  return `${supplier === 'china' ? 'China' : supplier}’s share of Russia’s ${sector} market`;
}

function displayUnit(unit: string): string {
  return unit === 'fraction' ? '%' : unit;
}

function column(summary: SeriesSummary, name: (typeof COLUMNS)[number]): readonly number[] {
  return summary[name];
}

function format(value: number, unit: string): string {
  if (unit === 'fraction') return `${(100 * value).toFixed(1)}%`;
  if (unit === 'RUB/CNY') return value.toFixed(2);
  return value.toFixed(1);
}

function row(cells: readonly string[]): string {
  return '  ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(6) : cell.padStart(9))).join('');
}

function lastHistory(result: SimulationResult, name: string): { year: number; value: number } | null {
  const history = result.history as unknown as Record<string, readonly (number | null)[] | undefined>;
  const values = history[name];
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return { year: result.history.years[i]!, value };
  }
  return null;
}
