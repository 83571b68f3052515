import type { ChartConfiguration } from 'chart.js';
import type { SimulationResult } from '../../../src/run/simulationResult.js';
import { REGIME_COLOURS } from './palette.js';

/** Probability of each sanctions regime by year, as stacked bars in percent. */
export function regimeChartConfig(result: SimulationResult): ChartConfiguration<'bar', number[], number> {
  return {
    type: 'bar',
    data: {
      labels: [...result.years],
      datasets: result.regimes.names.map((name, r) => ({
        label: name,
        data: (result.regimes.probability[name] ?? []).map((p) => 100 * p),
        backgroundColor: REGIME_COLOURS[r % REGIME_COLOURS.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: 'Sanctions regime in force: probability by year' },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${(item.parsed.y ?? 0).toFixed(1)}% of paths` } },
      },
      scales: {
        x: { stacked: true, title: { display: true, text: 'Year' } },
        y: { stacked: true, min: 0, max: 100, title: { display: true, text: 'Probability (% of paths)' } },
      },
    },
  };
}
