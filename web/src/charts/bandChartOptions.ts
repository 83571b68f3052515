import type { ChartOptions } from 'chart.js';

/**
 * Options shared by the page's line charts with percentile bands: no animation (a slider
 * redraws at once), one tooltip per year, a title, axis titles with units, and the helper
 * datasets that only bound a band (labels containing "percentile") kept out of the legend
 * and the tooltips.
 */
export function bandChartOptions(title: string, yTitle: string, scales: { x?: object; y?: object } = {}): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      title: { display: true, text: title },
      legend: { labels: { filter: (item) => !item.text.includes('percentile') } },
      tooltip: { filter: (item) => !String(item.dataset.label).includes('percentile') },
    },
    scales: {
      x: { title: { display: true, text: 'Year' }, ...scales.x },
      y: { title: { display: true, text: yTitle }, ...scales.y },
    },
  };
}
