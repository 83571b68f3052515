import { PERCENTILES } from '../core/defaults.js';
import type { SimulationResult } from './simulationResult.js';

const BANDS = PERCENTILES.map((q) => `p${Math.round(q * 100)}`) as readonly string[];

/**
 * The result as tidy CSV: one row per series and year (`series,unit,year,mean,p5,…,p95`), then
 * one row per target (`target.<id>`, unit `probability`, the probability in `mean`).
 */
export function resultCsv(result: SimulationResult): string {
  const lines = [['series', 'unit', 'year', 'mean', ...BANDS].join(',')];
  for (const [name, summary] of Object.entries(result.series)) {
    result.years.forEach((year, y) => {
      const bands = BANDS.map((band) => String((summary as unknown as Record<string, readonly number[]>)[band]![y]));
      lines.push([name, csvField(summary.unit), year, summary.mean[y], ...bands].join(','));
    });
  }
  for (const target of result.targets) {
    lines.push([`target.${target.id}`, 'probability', target.year, target.probability ?? '', ...BANDS.map(() => '')].join(','));
  }
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
