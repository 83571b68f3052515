import type { ChartOptions, TooltipItem } from 'chart.js';
import { formatLevel, formatRange, type DisplayUnit } from './displayUnits.js';

/** How a chart's tooltip writes one value and a band's range, with the unit. */
export interface TooltipFormat {
  readonly value: (value: number) => string;
  readonly range: (low: number, high: number) => string;
}

/** Levels in `unit`: "235.1 US$ bn", a band "159.3–361.2 US$ bn". */
export function levelFormat(unit: DisplayUnit): TooltipFormat {
  return { value: (value) => formatLevel(value, unit), range: (low, high) => formatRange(low, high, unit) };
}

/**
 * A tooltip line: a band (a dataset filled down to the one before it, `fill: '-1'`) as its
 * range from that dataset's value to its own, with the unit; any other line as its value.
 */
export function tooltipLabel(item: Pick<TooltipItem<'line'>, 'chart' | 'dataset' | 'datasetIndex' | 'dataIndex' | 'parsed'>, format: TooltipFormat): string {
  const label = item.dataset.label ?? '';
  const high = item.parsed.y;
  if (high === null || high === undefined) return label;
  if (item.dataset.fill === '-1') {
    const low = item.chart.data.datasets[item.datasetIndex - 1]?.data[item.dataIndex];
    if (typeof low === 'number') return `${label}: ${format.range(Math.min(low, high), Math.max(low, high))}`;
  }
  return `${label}: ${format.value(high)}`;
}

/**
 * Options shared by the page's line charts with percentile bands: no animation (a slider
 * redraws at once), one tooltip per year, a title, axis titles with units, and the helper
 * datasets that only bound a band (labels containing "percentile") kept out of the legend
 * and the tooltips, where each band shows as its range.
 */
export function bandChartOptions(title: string, yTitle: string, format: TooltipFormat, scales: { x?: object; y?: object } = {}): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      title: { display: true, text: title },
      legend: { labels: { filter: (item) => !item.text.includes('percentile') } },
      tooltip: {
        filter: (item) => !String(item.dataset.label).includes('percentile'),
        callbacks: { label: (item) => tooltipLabel(item, format) },
      },
    },
    scales: {
      x: { title: { display: true, text: 'Year' }, ...scales.x },
      y: { title: { display: true, text: yTitle }, ...scales.y },
    },
  };
}
