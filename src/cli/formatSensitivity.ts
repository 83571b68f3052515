import type { SensitivityResult } from '../analysis/sensitivity/sensitivity.js';
import { bar, fixed, textTable } from './textTable.js';

/** Width of the tornado bars, in characters. */
const BAR_WIDTH = 24;

/** A readable report of a sensitivity analysis: a tornado of the top factors, then the notes. */
export function formatSensitivity(result: SensitivityResult, top: number): string {
  const out: string[] = [];
  const sobol = result.method === 'sobol';
  out.push(
    `Sensitivity of ${result.output.label} (${result.output.unit}) — ${result.scenario}: ${result.name}`,
    sobol
      ? `Sobol indices, Saltelli design: N = ${result.samples.toLocaleString('en-US')} base samples × (k + 2) = ${result.evaluations.toLocaleString('en-US')} evaluations`
      : `Morris elementary effects: r = ${result.samples} trajectories × (k + 1) = ${result.evaluations.toLocaleString('en-US')} evaluations, ${result.levels} levels`,
    `  ${result.simulatedPaths.toLocaleString('en-US')} simulated paths (${result.innerPaths} per evaluation) · seed ${result.seed} · ${Math.round(100 * result.confidence)}% bootstrap intervals (${result.resamples} resamples) · tradecast ${result.version}`,
    `  output across the design: mean ${fixed(result.outputMean, 3)}, sd ${fixed(result.outputStandardDeviation, 3)}`,
    '',
  );
  const shown = result.factors.slice(0, top);
  const largest = Math.max(1e-12, ...shown.map((f) => (sobol ? f.totalOrder!.estimate : f.muStar!.estimate)));
  const interval = (e: { estimate: number; low: number; high: number }, digits: number) => `${fixed(e.estimate, digits)} [${fixed(e.low, digits)}, ${fixed(e.high, digits)}]`;
  if (sobol) {
    out.push('Ranked by total index S_T (share of variance the factor touches, alone or in interactions); S = first order (alone).');
    out.push(
      ...textTable(
        ['rank', 'factor', 'S_T [95%]', 'S [95%]', 'S_T'],
        shown.map((f, i) => [String(i + 1), f.name, interval(f.totalOrder!, 3), interval(f.firstOrder!, 3), bar(f.totalOrder!.estimate / largest, BAR_WIDTH)]),
        2,
      ),
    );
  } else {
    const digits = result.outputStandardDeviation >= 10 ? 1 : 3;
    out.push(`Ranked by μ* (mean |elementary effect|, ${result.output.unit} per normalised range); μ signed mean (– for groups), σ spread (non-linearity, interactions).`);
    out.push(
      ...textTable(
        ['rank', 'factor', 'μ* [95%]', 'μ', 'σ', 'μ*'],
        shown.map((f, i) => [
          String(i + 1),
          f.name,
          interval(f.muStar!, digits),
          f.mu === null ? '–' : fixed(f.mu, digits),
          f.sigma === null ? '–' : fixed(f.sigma, digits),
          bar(f.muStar!.estimate / largest, BAR_WIDTH),
        ]),
        2,
      ),
    );
  }
  const rest = result.factors.length - shown.length;
  if (rest > 0) {
    const restLargest = Math.max(...result.factors.slice(top).map((f) => (sobol ? f.totalOrder!.estimate : f.muStar!.estimate)));
    out.push(`  … ${rest} more factor${rest === 1 ? '' : 's'}, each with ${sobol ? 'S_T' : 'μ*'} ≤ ${fixed(restLargest, sobol ? 3 : 2)} (--top ${result.factors.length} or --format json lists all)`);
  }
  out.push('', ...result.notes.map((note) => `• ${note}`));
  return out.join('\n') + '\n';
}
