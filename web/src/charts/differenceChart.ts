import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { PairedDifference } from '../../../src/analysis/pairedDifference.js';
import { bandChartOptions } from './bandChartOptions.js';
import { displayUnit, formatChange, formatRange } from './displayUnits.js';
import { PROJECTION } from './palette.js';
import { HEADLINE_LABELS, type HeadlineSeries } from './seriesLabels.js';

/**
 * The paired difference current − pinned for a headline series, by year: both runs used the
 * same random numbers, so the band shows what the change of assumptions does, path by path,
 * not the noise of two independent samples. 5–95% and 25–75% bands, the mean, and zero.
 */
export function differenceChartConfig(
  years: readonly number[],
  difference: PairedDifference,
  series: HeadlineSeries,
  labels: { current: string; pinned: string },
  unit = 'USD bn',
): ChartConfiguration<'line', number[], number> {
  const shown = displayUnit(unit);
  const datasets: ChartDataset<'line', number[]>[] = [
    { label: '5th percentile', data: [...difference.p5], borderWidth: 0, pointRadius: 0, fill: false },
    { label: '5–95% of paths', data: [...difference.p95], borderWidth: 0, pointRadius: 0, backgroundColor: PROJECTION.differenceBand, fill: '-1' },
    { label: '25th percentile', data: [...difference.p25], borderWidth: 0, pointRadius: 0, fill: false },
    { label: '25–75% of paths', data: [...difference.p75], borderWidth: 0, pointRadius: 0, backgroundColor: PROJECTION.differenceBand, fill: '-1' },
    { label: 'Mean difference', data: [...difference.mean], borderColor: PROJECTION.difference, backgroundColor: PROJECTION.difference, borderWidth: 2.5, pointRadius: 2, fill: false },
    { label: 'No difference', data: years.map(() => 0), borderColor: '#666666', borderWidth: 1, borderDash: [4, 4], pointRadius: 0, fill: false },
  ];
  return {
    type: 'line',
    data: { labels: [...years], datasets },
    options: bandChartOptions(`${HEADLINE_LABELS[series].title}: ${labels.current} minus pinned ${labels.pinned}, path by path`, `Difference, ${HEADLINE_LABELS[series].axis}`, {
      value: (value) => formatChange(value, shown),
      range: (low, high) => formatRange(low, high, shown),
    }),
  };
}
