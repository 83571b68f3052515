import type { ChartConfiguration } from 'chart.js';
import type { SensitivityResult } from '../../../src/analysis/sensitivity/sensitivity.js';
import { PROJECTION } from './palette.js';

/** Factors shown in the tornado, largest first. */
export const TORNADO_FACTORS = 12;

/**
 * The tornado of a sensitivity analysis: one horizontal bar per factor, largest first. Sobol:
 * total index (all the output variance the factor touches, alone or with others) beside the
 * first-order index (its effect alone), with the bootstrap interval in the label; Morris: μ*.
 */
export function tornadoChartConfig(result: SensitivityResult, top = TORNADO_FACTORS): ChartConfiguration<'bar', number[], string> {
  const factors = result.factors.slice(0, top);
  const interval = (e: { estimate: number; low: number; high: number } | null) => (e ? `${e.estimate.toFixed(3)} [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]` : 'n/a');
  const labels = factors.map((f) => f.name);
  const sobol = result.method === 'sobol';
  const datasets = sobol
    ? [
        { label: 'Total index S_T (alone and with others)', data: factors.map((f) => f.totalOrder?.estimate ?? 0), backgroundColor: PROJECTION.median },
        { label: 'First-order index S (alone)', data: factors.map((f) => f.firstOrder?.estimate ?? 0), backgroundColor: PROJECTION.innerBand },
      ]
    : [{ label: `Morris μ* (${result.output.unit} per range)`, data: factors.map((f) => f.muStar?.estimate ?? 0), backgroundColor: PROJECTION.median }];
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: `What drives ${result.output.label}: ${sobol ? 'Sobol indices' : 'Morris screening'} (${result.name})` },
        tooltip: {
          callbacks: {
            afterLabel: (item) => {
              const factor = factors[item.dataIndex]!;
              const estimate = sobol ? (item.datasetIndex === 0 ? factor.totalOrder : factor.firstOrder) : factor.muStar;
              return `${Math.round(result.confidence * 100)}% interval: ${interval(estimate)}`;
            },
          },
        },
      },
      scales: {
        x: {
          title: { display: true, text: sobol ? 'Share of the output’s variance (0–1)' : `μ*, ${result.output.unit}` },
          ...(sobol ? { min: 0, max: 1 } : { min: 0 }),
        },
        y: { title: { display: true, text: 'Uncertain assumption' } },
      },
    },
  };
}
