import type { ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';
import type { ExplainPart, ExplainResult } from '../../../src/analysis/explainDifference.js';
import { displayUnit, formatChange, formatLevel, formatStandardError } from './displayUnits.js';
import { PROJECTION } from './palette.js';

/** What the waterfall calls A, B and each input. */
export interface WaterfallLabels {
  /** A, the projection the difference is measured from */
  readonly reference: string;
  /** B, the projection it is measured to */
  readonly value: string;
  /** an input, with its two values where it is a knob */
  readonly part: (part: ExplainPart) => string;
}

export const WATERFALL_COLOURS = { up: '#2e7d32', down: '#c62828', standardError: '#1b1f24' } as const;

type Bar = [number, number] | null;

/** A round tick step (1, 2 or 5 × a power of ten) giving about five ticks over `span`. */
export function niceStep(span: number): number {
  const rough = span / 5;
  let magnitude = 1;
  while (magnitude * 10 <= rough) magnitude *= 10;
  while (magnitude > rough) magnitude /= 10;
  const multiple = rough / magnitude;
  return (multiple <= 1 ? 1 : multiple <= 2 ? 2 : multiple <= 5 ? 5 : 10) * magnitude;
}

/** A label of at most about `width` characters a line, split at spaces, for the category axis. */
export function wrapLabel(text: string, width = 30): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * The attribution of B − A as a waterfall of floating bars, one row each: A's value, then each
 * input's part (its Shapley value) from the running total to the running total plus the part,
 * largest first as the analysis orders them, then B's value, which the parts reach (they sum to
 * B − A). Each part carries a thin bar of ± one Monte Carlo standard error around its end. The
 * value axis starts near the smallest end rather than at zero (A and B are levels, the parts
 * small changes), and its title says so. Shares and probabilities are shown in percent and
 * their parts in percentage points. A pure function from the analysis's result to a chart.js config.
 */
export function waterfallChartConfig(explain: ExplainResult, labels: WaterfallLabels): ChartConfiguration<'bar', Bar[], string[]> {
  const unit = displayUnit(explain.unit);
  const scaled = (value: number) => value * unit.scale;
  const ends: number[] = [scaled(explain.reference), scaled(explain.value)];
  const steps: Bar[] = [];
  const errors: Bar[] = [null];
  let running = explain.reference;
  for (const part of explain.parts) {
    const next = running + part.contribution;
    steps.push([scaled(running), scaled(next)]);
    errors.push(part.standardError === null ? null : [scaled(next - part.standardError), scaled(next + part.standardError)]);
    ends.push(scaled(next), ...(part.standardError === null ? [] : [scaled(next - part.standardError), scaled(next + part.standardError)]));
    running = next;
  }
  errors.push(null);
  const low = Math.min(...ends);
  const high = Math.max(...ends);
  const span = high > low ? high - low : Math.max(0.05 * Math.abs(high), 1);
  const step = niceStep(span);
  // round ends a little beyond the bars; a level that cannot be negative keeps its axis at or above zero
  const floor = explain.unit === 'USD bn' || unit.scale === 100 ? 0 : -Infinity;
  const axisMin = Math.max(floor, Math.floor((low - 0.1 * span) / step) * step);
  const axisMax = Math.min(unit.scale === 100 ? 100 : Infinity, Math.ceil((high + 0.1 * span) / step) * step);
  const bars: Bar[] = [[axisMin, scaled(explain.reference)], ...steps, [axisMin, scaled(explain.value)]];
  const colours = [PROJECTION.pinnedMedian, ...explain.parts.map((p) => (p.contribution < 0 ? WATERFALL_COLOURS.down : WATERFALL_COLOURS.up)), PROJECTION.median];
  const rowLabels = [labels.reference, ...explain.parts.map(labels.part), labels.value];
  const last = rowLabels.length - 1;

  const describe = (row: number): string[] => {
    if (row === 0) return [`${labels.reference}: ${formatLevel(explain.reference, unit)}`];
    if (row === last) return [`${labels.value}: ${formatLevel(explain.value, unit)}`, `total change ${formatChange(explain.total, unit)}`];
    const part = explain.parts[row - 1]!;
    return [
      `${formatChange(part.contribution, unit)}${part.standardError === null ? '' : ` ${formatStandardError(part.standardError, unit)} (Monte Carlo s.e.)`}`,
      ...(part.share === null ? [] : [`${Math.round(100 * part.share)}% of the total change`]),
    ];
  };

  const datasets: ChartDataset<'bar', Bar[]>[] = [
    { label: 'Value or change', data: bars, backgroundColor: colours, grouped: false, barPercentage: 0.8, categoryPercentage: 0.9 },
    { label: '± 1 standard error', data: errors, backgroundColor: WATERFALL_COLOURS.standardError, grouped: false, barPercentage: 0.12, categoryPercentage: 0.9 },
  ];
  const statistic = explain.statistic === 'median' ? `median ${explain.label}` : `probability: ${explain.label}`;
  return {
    type: 'bar',
    data: { labels: rowLabels.map((text) => wrapLabel(text)), datasets },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: `Why ${statistic} differs: each input's part of the change` },
        legend: { display: false },
        tooltip: {
          filter: (item: TooltipItem<'bar'>) => item.datasetIndex === 0,
          callbacks: { label: (item: TooltipItem<'bar'>) => describe(item.dataIndex) },
        },
      },
      scales: {
        x: {
          min: axisMin,
          max: axisMax,
          title: { display: true, text: `${explain.statistic === 'median' ? 'Median' : 'Probability'}, ${unit.scale === 100 ? '%' : unit.level.trim()}${axisMin > 0 ? ' (axis not from zero)' : ''}` },
        },
        y: { title: { display: false } },
      },
    },
  };
}
