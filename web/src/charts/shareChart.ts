import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { SimulationResult } from '../../../src/run/simulationResult.js';
import { SUPPLIERS } from '../../../src/core/modelPlan.js';
import { onTimeline, timeline } from './fanChart.js';
import { bandChartOptions, levelFormat } from './bandChartOptions.js';
import { PERCENT_SHOWN } from './displayUnits.js';
import { PROJECTION, SUPPLIER_COLOURS, withAlpha } from './palette.js';
import { SUPPLIER_LABELS } from './seriesLabels.js';

type Point = number | null;

/** Sector names present in a result (from its `share.<sector>.<supplier>` series). */
export function sectorsOf(result: SimulationResult): string[] {
  const names = Object.keys(result.series)
    .filter((n) => n.startsWith('share.'))
    .map((n) => n.split('.')[1]!);
  return [...new Set(names)];
}

/**
 * Supplier shares of one sector over time, in percent: the median share of each supplier
 * (china / west / domestic / other) across paths — the statistic the fan chart, the command
 * line and the README quote; the four medians need not add up to 100% —, the 5–95% band of
 * China's share, and China's share in the data where the history has it (cars). A pure
 * function from a result to a chart.js config.
 */
export function shareChartConfig(result: SimulationResult, sector: string, sectorLabel = sector): ChartConfiguration<'line', Point[], number> {
  const years = timeline(result);
  const percent = (values: readonly number[]) => values.map((v) => 100 * v);
  const historyKey = `share.${sector}.china`;
  const historyValues = (result.history as unknown as Record<string, readonly (number | null)[] | undefined>)[historyKey];
  const history: Point[] = years.map((year) => {
    const i = result.history.years.indexOf(year);
    const v = i >= 0 ? historyValues?.[i] : null;
    return v === null || v === undefined ? null : 100 * v;
  });
  const lastHistory = history[years.indexOf(result.origin)] ?? null;
  const china = result.series[`share.${sector}.china`]!;
  const datasets: ChartDataset<'line', Point[]>[] = [
    { label: 'China 5th percentile', data: onTimeline(years, result, percent(china.p5), lastHistory), borderWidth: 0, pointRadius: 0, fill: false },
    {
      label: 'China 5–95% band',
      data: onTimeline(years, result, percent(china.p95), lastHistory),
      borderWidth: 0,
      pointRadius: 0,
      backgroundColor: withAlpha(SUPPLIER_COLOURS.china!, 0.15),
      fill: '-1',
    },
  ];
  for (const supplier of SUPPLIERS) {
    const summary = result.series[`share.${sector}.${supplier}`]!;
    datasets.push({
      label: `${SUPPLIER_LABELS[supplier]} (median)`,
      data: onTimeline(years, result, percent(summary.p50), supplier === 'china' ? lastHistory : null),
      borderColor: SUPPLIER_COLOURS[supplier],
      backgroundColor: SUPPLIER_COLOURS[supplier],
      borderWidth: 2,
      pointRadius: 2,
      fill: false,
    });
  }
  if (history.some((v) => v !== null)) {
    datasets.push({
      label: 'China, history',
      data: history,
      borderColor: PROJECTION.history,
      backgroundColor: PROJECTION.history,
      borderWidth: 2,
      pointRadius: 3,
      showLine: true,
      spanGaps: false,
    });
  }
  return {
    type: 'line',
    data: { labels: years, datasets },
    options: bandChartOptions(`Who supplies Russia’s ${sectorLabel} market: median shares to ${result.horizon}`, 'Share of the sector market (%)', levelFormat(PERCENT_SHOWN), {
      x: { min: Math.max(years[0]!, result.origin - 4) },
      y: { min: 0, max: 100 },
    }),
  };
}
