import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { SimulationResult } from '../../../src/run/simulationResult.js';
import { bandChartOptions, levelFormat } from './bandChartOptions.js';
import { displayUnit } from './displayUnits.js';
import { PROJECTION } from './palette.js';
import { HEADLINE_LABELS, type HeadlineSeries } from './seriesLabels.js';

type Point = number | null;

/** Calendar years from the first history year to the horizon. */
export function timeline(result: SimulationResult): number[] {
  const first = result.history.years[0] ?? result.years[0]!;
  const last = result.years[result.years.length - 1]!;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A projection series placed on the timeline (null before the first projected year). */
export function onTimeline(years: readonly number[], result: SimulationResult, values: readonly number[], joinHistory: number | null): Point[] {
  return years.map((year) => {
    const y = result.years.indexOf(year);
    if (y >= 0) return values[y]!;
    // start the band at the last history point so the fan opens from the data
    if (year === result.origin && joinHistory !== null) return joinHistory;
    return null;
  });
}

export interface FanChartOptions {
  /** a second projection to overlay (compare) */
  readonly pinned?: { readonly result: SimulationResult; readonly label: string };
}

/**
 * Fan chart of a headline series: history as a line (gaps left as gaps), the projection as
 * shaded 5–95% and 25–75% bands and a median line; optionally a pinned projection's median
 * and 5–95% band for comparison. The tooltip gives each band as its range, with the unit. A
 * pure function from a result to a chart.js config.
 */
export function fanChartConfig(result: SimulationResult, series: HeadlineSeries, options: FanChartOptions = {}): ChartConfiguration<'line', Point[], number> {
  const years = timeline(result);
  const summary = result.series[series]!;
  const historyValues = (result.history as unknown as Record<string, readonly (number | null)[]>)[series] ?? [];
  const history: Point[] = years.map((year) => {
    const i = result.history.years.indexOf(year);
    return i >= 0 ? (historyValues[i] ?? null) : null;
  });
  const last = history[years.indexOf(result.origin)] ?? null;
  const band = (values: readonly number[]) => onTimeline(years, result, values, last);

  const datasets: ChartDataset<'line', Point[]>[] = [
    { label: 'History (GACC)', data: history, borderColor: PROJECTION.history, backgroundColor: PROJECTION.history, pointRadius: 2, borderWidth: 2, spanGaps: false },
    { label: '5th percentile', data: band(summary.p5), borderWidth: 0, pointRadius: 0, fill: false },
    { label: '5–95% band', data: band(summary.p95), borderWidth: 0, pointRadius: 0, backgroundColor: PROJECTION.outerBand, fill: '-1' },
    { label: '25th percentile', data: band(summary.p25), borderWidth: 0, pointRadius: 0, fill: false },
    { label: '25–75% band', data: band(summary.p75), borderWidth: 0, pointRadius: 0, backgroundColor: PROJECTION.innerBand, fill: '-1' },
    { label: `Median (${result.name})`, data: band(summary.p50), borderColor: PROJECTION.median, backgroundColor: PROJECTION.median, borderWidth: 2.5, pointRadius: 2, fill: false },
  ];
  if (options.pinned) {
    const pinned = options.pinned.result.series[series]!;
    const pinnedBand = (values: readonly number[]) => onTimeline(years, options.pinned!.result, values, last);
    datasets.push(
      { label: 'Pinned 5th percentile', data: pinnedBand(pinned.p5), borderColor: PROJECTION.pinnedMedian, borderWidth: 1, borderDash: [2, 3], pointRadius: 0, fill: false },
      {
        label: `Pinned 5–95% band (${options.pinned.label})`,
        data: pinnedBand(pinned.p95),
        borderColor: PROJECTION.pinnedMedian,
        borderWidth: 1,
        borderDash: [2, 3],
        pointRadius: 0,
        backgroundColor: PROJECTION.pinnedBand,
        fill: '-1',
      },
      {
        label: `Pinned median (${options.pinned.label})`,
        data: pinnedBand(pinned.p50),
        borderColor: PROJECTION.pinnedMedian,
        backgroundColor: PROJECTION.pinnedMedian,
        borderWidth: 2,
        borderDash: [6, 4],
        pointRadius: 0,
        fill: false,
      },
    );
  }
  const { title, axis } = HEADLINE_LABELS[series];
  return {
    type: 'line',
    data: { labels: years, datasets },
    options: bandChartOptions(`${title}: history and projection to ${result.horizon}`, axis, levelFormat(displayUnit(summary.unit)), { y: { beginAtZero: true } }),
  };
}
