import Chart, { type ChartConfiguration } from 'chart.js/auto';
import { element } from './dom.js';

/** Charts by canvas id: updated in place (no re-creation) when a new projection arrives. */
const charts = new Map<string, Chart>();

/** Draws `config` on the canvas, reusing the chart already there. */
export function draw(canvasId: string, config: ChartConfiguration): Chart {
  const existing = charts.get(canvasId);
  if (existing && (existing.config as { type?: string }).type === config.type) {
    existing.data = config.data;
    existing.options = config.options ?? {};
    existing.update('none');
    return existing;
  }
  existing?.destroy();
  const chart = new Chart(element<HTMLCanvasElement>(canvasId), config);
  charts.set(canvasId, chart);
  return chart;
}

/** The chart drawn on a canvas, if any. */
export const chartOn = (canvasId: string): Chart | undefined => charts.get(canvasId);

/** The lines of the tooltip a chart shows now (the browser tests read it; so can a curious user, in the console). */
export function tooltipLines(canvasId: string): string[] {
  return charts.get(canvasId)?.tooltip?.body?.flatMap((part) => part.lines) ?? [];
}
